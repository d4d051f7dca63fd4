// Package analysis owns Marginalia's analyses of what was coded: code
// frequencies, the code matrix (codes × documents), code co-occurrence
// (codes × codes, with the c-coefficient), crosstabs, search, word
// frequencies, and the codebook and summary reports. It is pure Go and does no I/O:
// the caller gives the codings and says which codes, documents and coders
// count (Options); the CLI, the exports and the Analyse tab present what
// these functions return. Every figure is defined here in plain words.
//
// Positions are rune offsets of a document's stored text, as everywhere in
// Marginalia, so a character is a Unicode code point: an emoji or a Chinese
// character is one character.
//
// # Frequencies
//
// For each code, over the selected coders and documents:
//
//   - codings: how many codings have the code;
//   - documents: in how many documents the code was applied at least once;
//   - characters: how many characters are coded with the code. Per document
//     the code's codings are merged first (their union), so text coded twice
//     with the same code, by one coder or by several, counts once; the
//     documents' figures are then added up.
//
// The same three figures are given per coder (FrequencyRow.ByCoder), the
// union then being that coder's codings only. The Total row counts every
// coding, the documents with any coding, and the characters coded with any
// of the selected codes.
//
// # Code matrix
//
// For each code and document: the number of codings of the code in the
// document and the characters they cover (their union), over the selected
// coders. A row of the matrix adds up to the code's frequencies.
//
// # Co-occurrence
//
// Two codings co-occur when they have different codes, are in the same
// document, were made by the same coder, and
//
//   - Overlap (the default): share at least one character;
//   - Within N: overlap, or have at most N characters between them (Within 0
//     also counts codings that touch end to start);
//   - Paragraph: touch the same paragraph. Paragraphs are separated by blank
//     lines (a line holding nothing but spaces or tabs counts as blank); a
//     coding that runs over several paragraphs touches each of them.
//
// Two coders' codings never co-occur: co-occurrence says how one person
// used two codes together, not whether two people agreed.
//
// For each unordered pair of codes a and b (a Cell):
//
//   - pairs (n₁₂): the number of co-occurring pairs of codings, one coded
//     a and the other b. One long coding of a overlapping three codings of
//     b makes three pairs;
//   - documents: in how many documents at least one such pair occurs;
//   - characters: how many characters are coded with both a and b by the
//     same coder (per document the union over coders, then summed). This is
//     the shared text, whatever the proximity chosen: codings merely near
//     each other share none;
//   - c, the c-coefficient (as ATLAS.ti reports it).
//
// The c-coefficient is
//
//	c = n₁₂ / (n₁ + n₂ − n₁₂)
//
// where n₁ and n₂ are the numbers of codings of a and of b. In words: of all
// the codings of either code, the share that goes together with the other
// code. It is 0 when the codes never co-occur and 1 when every coding of a
// co-occurs with one of b and the other way round, one to one. It does not
// say which code is the more frequent, nor whether the link is more than
// chance; with few codings it moves a lot.
//
// Counting pairs, n₁₂ can exceed n₁ or n₂ (one long coding overlapping many
// short ones), which would push c above 1 or make its denominator 0 or
// negative. The coefficient therefore uses min(n₁₂, n₁, n₂) in place of n₁₂
// and marks the cell Capped, so that c stays between 0 and 1. The pairs
// figure itself is never capped.
//
// # Crosstab
//
// The documents are put in groups, the crosstab's columns: by their value
// of an attribute (GroupsByAttribute; one group per value, and one for the
// documents without a value) or by sets (GroupsBySets; a document may be
// in several sets or in none). For each code and group (a CrosstabCell):
//
//   - codings: how many codings of the code are in the group's documents;
//   - documents: in how many of the group's documents the code was applied;
//   - the row percentage of each: the share of the code's codings (of the
//     documents where the code was applied) that are in the group. By an
//     attribute, a row's percentages add up to 100; by sets they need not;
//   - the column percentage of codings: the share of the codings of any
//     code in the group's documents that have this code; of documents: the
//     share of the group's documents, coded or not, where the code was
//     applied.
//
// A percentage of nothing (a code never applied, an empty group) is 0.
//
// # Word frequencies
//
// WordCounter counts words: how often each occurs and in how many of the
// texts counted (documents, or a document's passages of a code). Its doc
// comment says what a word is; upper and lower case are one word by
// Unicode case folding; StopWords, a short English stop list, is left out
// unless asked; Chinese is split by a Segmenter, by default Characters,
// one word per character.
//
// # Reports
//
// WriteCodebookHTML and WriteCodebookDocx write the codebook report (each
// code's description, counts and example passages) as a web page or a
// Word document; WriteSummaryHTML the project summary (ProjectSummary).
//
// # Speed
//
// No function builds an array per character. Codings are grouped by
// document and coder with a counting sort, sorted by start within a group,
// and swept once: the union of a code's codings by merging sorted spans,
// co-occurring pairs with a list of the codings still open at each start,
// shared characters by a sweep over span boundaries. See bench_test.go for
// times on 1,000,000 codings.
package analysis
