/**
 * The report model: one JSON record per parallel test as typed records, and the codecs between
 * them and {@link io.github.parallelruns.internal.report.Json}'s maps and lists. Writers in
 * {@code internal.jupiter} build these records; the listener, the summary, the HTML page and the
 * baseline in {@code internal.report} read them. Only {@link RecordCodec} (with {@code PointCodec})
 * and {@link BaselineCodec} know the JSON keys.
 *
 * <p>Records read from a file may come from an earlier version of the library or have been edited,
 * so reading is lenient: unknown keys are ignored, and what is missing or of another type reads as
 * "not known", the same way everywhere:
 *
 * <ul>
 *   <li>a figure ({@code double}) as NaN; where JSON's {@code null} stands for an infinite figure (an
 *       unbounded upper end, an Amdahl fit with no serial part), {@code null} reads as positive infinity;
 *   <li>a count ({@code OptionalInt}), an optional text, flag, enum or object as empty;
 *   <li>a text that every record has (a name, a note) as the empty string, which the report shows as
 *       missing, like a blank one;
 *   <li>a yes/no as false, a list as empty; an item of a list of objects that is not an object reads as
 *       an object with nothing known, so that counts stay what the file says.
 * </ul>
 *
 * <p>JSON has no form for NaN and infinities and writes both as {@code null}: a figure that is NaN
 * where {@code null} means infinite reads back as infinite.
 */
package io.github.parallelruns.internal.report.model;
