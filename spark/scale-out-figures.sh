#!/usr/bin/env bash
# Prints the figures of docs/scale-out.md: one JVM vs Spark local[2] vs a standalone cluster on loopback
# (MNIST subset, mnist-mlp), distributed inference rows/s, and the iris accuracy band over seeds.
# Not run by the tests. Run on a quiet machine, from anywhere:
#   spark/scale-out-figures.sh [MNIST_EXAMPLES=10000] [EPOCHS=3] [IRIS_SEEDS=5]
#   spark/scale-out-figures.sh iris [SEEDS=5]      # only the iris accuracy band: one JVM vs local[2]
# MNIST must be in the keras4j cache (./keras4j datasets --fetch mnist).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
mvn -B -q -f "$root/pom.xml" -pl spark -am test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
cp="$root/spark/target/test-classes:$root/spark/target/classes:$(cat "$root/spark/target/test-classpath.txt")"
# shellcheck disable=SC2046 # the flags are a list of options
SPARK_LOCAL_IP=127.0.0.1 exec java -Xmx4g $(cat "$root/spark/target/classes/keras4j/spark/jvm-flags.txt") \
    -cp "$cp" keras4j.spark.ScaleOutFigures "$@"
