/** Utilities around models: {@link keras4j.utils.GradientCheck}. */
package keras4j.utils;
