// Drives Debian's chromium, headless, against a running `keras4j serve`: uploads an image, or draws
// on the page's pad, and prints what the page shows as one line of JSON. Run by cli's BrowserTest:
//   node serve-page.mjs <url> upload|drop|paste <image.png> <screenshot.png>
//   node serve-page.mjs <url> draw - <screenshot.png>
import { chromium } from "playwright-core";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const [url, mode, image, screenshot] = process.argv.slice(2);
const profile = mkdtempSync(join(tmpdir(), "keras4j-chromium-"));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: "/usr/bin/chromium",
  headless: true,
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync"],
  viewport: { width: 420, height: 860 },
});
try {
  const page = context.pages()[0] ?? await context.newPage();
  const offline = [];
  page.on("request", r => { if (!r.url().startsWith(url)) offline.push(r.url()); });
  await page.goto(url);
  await page.waitForFunction(() => document.getElementById("about").textContent.startsWith("Trained on"));
  if (mode === "upload") {
    await page.setInputFiles("#file", image);
  } else if (mode === "drop" || mode === "paste") {
    // the events a drop on the page, or Ctrl+V of a copied image, fire, holding the image as a file
    const base64 = readFileSync(image).toString("base64");
    await page.evaluate(([data, how]) => {
      const bytes = Uint8Array.from(atob(data), c => c.charCodeAt(0));
      const transfer = new DataTransfer();
      transfer.items.add(new File([bytes], "image.png", { type: "image/png" }));
      if (how === "drop") {
        const zone = document.getElementById("drop");
        zone.dispatchEvent(new DragEvent("dragover", { dataTransfer: transfer, bubbles: true, cancelable: true }));
        zone.dispatchEvent(new DragEvent("drop", { dataTransfer: transfer, bubbles: true, cancelable: true }));
      } else {
        document.dispatchEvent(new ClipboardEvent("paste", { clipboardData: transfer, bubbles: true }));
      }
    }, [base64, mode]);
  } else {
    await page.waitForSelector("#pad", { state: "visible" });
    const box = await page.locator("#pad").boundingBox();
    // a "1": one stroke down the middle
    await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.15);
    await page.mouse.down();
    for (let i = 1; i <= 20; i++) {
      await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * (0.15 + 0.7 * i / 20));
    }
    await page.mouse.up();
    await page.keyboard.press("Tab");   // the page works from the keyboard: focus reaches the buttons
    await page.locator("#classify").focus();
    await page.keyboard.press("Enter");
  }
  await page.waitForFunction(() => document.getElementById("answer").textContent.length > 0);
  const shown = await page.evaluate(() => ({
    answer: document.getElementById("answer").textContent,
    labels: [...document.querySelectorAll("#top .label span:first-child")].map(e => e.textContent),
    bars: document.querySelectorAll("#top .bar").length,
    seen: document.getElementById("seen").src.startsWith("data:image/png;base64,"),
    time: document.getElementById("time").textContent,
    error: document.getElementById("error").textContent,
  }));
  shown.offline = offline;
  await page.screenshot({ path: screenshot, fullPage: true });
  console.log(JSON.stringify(shown));
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
