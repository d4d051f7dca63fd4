// Package xlsx owns the Excel workbook of an inter-coder agreement
// comparison: the sheets Summary (one row per code and an Overall row, with
// unitizing alpha and the intervals when given, the definitions used and a
// bar chart of kappa), Code x Document, Consensus (when the study has a
// consensus coder: each coder's agreement with it, per code pooled and per
// document), Disagreements, Codings and Codebook. excelize writes the
// styles, the chart and the Summary; the sheets that are only a table are
// set up through excelize and their rows written straight into the file as
// they are made (package.go), so a study of 100,000 codings is written in
// seconds without holding its sheets in memory. It knows the domain (package coding and coding/agreement)
// but not the project file: the caller gathers a Study and calls Write.
//
// It also writes the workbook of the analyses (package coding/analysis):
// WriteTables gives each analysis table a sheet of its own, its figures
// defined below it, with a bar chart where the table names a column for one
// (the code frequencies).
//
// Every sheet has its header in row 1, frozen, with an autofilter, and
// columns sized to their content (capped). Shares are stored as fractions
// with a percent format, kappa and alpha as numbers coloured by conditional
// formatting, and a figure that is undefined is an empty cell, never NaN or
// 0. Start and End are 0-based, end-exclusive offsets in characters (Unicode
// code points) of the stored text, as everywhere in Marginalia. A text longer
// than Excel's limit of 32,767 characters per cell is cut and ends with "…".
package xlsx
