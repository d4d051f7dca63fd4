// Package agreement owns Marginalia's inter-coder agreement statistics:
// percent agreement, Cohen's and Fleiss' kappa, Brennan–Prediger's
// free-marginal kappa, Krippendorff's alpha (nominal, interval and
// unitizing) and MAXQDA-style segment agreement, computed from codings or
// from tables. It is pure Go and does no I/O; the CLI, the Excel export and
// the GUI call Compare, Disagreements and SegmentAgreement and present what
// they return. Researchers publish these numbers, so every formula is written
// down here and tested against published figures.
//
// # Units
//
// Compare works rune by rune, as NVivo and QualCoder do: for one code in one
// document each rune (Unicode code point of the stored text, so an emoji is
// one unit) is a unit, and each selected coder either coded it with that
// code or not. A coder's coded runes are the union of their segments with
// that code, so overlapping segments of one coder count each rune once.
// Every selected coder is taken to have read every considered document (see
// Options): a rune a coder did not code is "not coded", never "missing".
//
// For two coders A and B on N units: a = coded by both, b = by A only,
// c = by B only, d = by neither. For n coders, k_u is the number of coders
// who coded unit u. Row.All is a (the units coded by all n coders) and
// Row.None is d (coded by none).
//
// All shares are in [0, 1]; multiply by 100 to show a percentage.
//
// # Percent agreement
//
// For two coders, the share of units on which they agree:
//
//	p_o = (a + d) / N = (All + None) / Length
//
// For three or more coders Row.PercentAgreement is the mean pairwise
// agreement, Fleiss' P̄: the share of agreeing pairs of coders, averaged over
// units,
//
//	P̄ = (1/N) Σ_u [k_u(k_u − 1) + (n − k_u)(n − k_u − 1)] / (n(n − 1))
//
// which equals p_o for two coders. We chose it over the share of unanimous
// units because it is the observed agreement that Fleiss' kappa and
// Brennan–Prediger correct for chance, and because unanimity falls quickly as
// coders are added; that share, (All + None) / Length, is reported too, as
// Row.Unanimity.
//
// # Cohen's kappa (two coders)
//
//	p_e = [(a + b)(a + c) + (c + d)(b + d)] / N²
//	κ   = (p_o − p_e) / (1 − p_e)
//
// For a k×k table (CohenKappa), p_o is the share on the diagonal and
// p_e = Σ_i row_i · col_i / N². This is exactly NVivo's coding comparison
// kappa: ΣEF = |A||B|/N + (N − |A|)(N − |B|)/N, K = (TA − ΣEF) / (N − ΣEF)
// with TA = a + d. QualCoder's kappa is not copied: it multiplies the two
// chance terms instead of adding them, reporting 0.213 where Cohen's kappa
// is 0.318 on a = 50, b = 100, c = 50, d = 800.
//
// # Fleiss' kappa (three or more coders)
//
// For units rated by n raters each into categories j, n_uj raters putting
// unit u in category j:
//
//	P_u  = (Σ_j n_uj² − n) / (n(n − 1))      P̄   = mean over units of P_u
//	p_j  = Σ_u n_uj / (N n)                   P̄_e = Σ_j p_j²
//	κ    = (P̄ − P̄_e) / (1 − P̄_e)
//
// Compare uses the two categories not coded and coded: n_u0 = n − k_u and
// n_u1 = k_u. Row.Kappa is Cohen's kappa for two coders and Fleiss' kappa for
// three or more (for two coders Fleiss' kappa would be Scott's pi).
//
// # Brennan–Prediger kappa
//
// The free-marginal kappa MAXQDA reports, chance being 1/q for q categories:
//
//	κ_BP = (p_o − 1/q) / (1 − 1/q)
//
// Compare uses q = 2 (coded, not coded) and P̄ as p_o, which for three or
// more coders is Randolph's free-marginal multirater kappa.
//
// # Krippendorff's alpha
//
// For any number of coders, missing values allowed, over the units with
// m_u ≥ 2 values: the coincidences of values c and k are
//
//	o_ck = Σ_u (number of ordered pairs (c, k) of values from different coders in u) / (m_u − 1)
//	n_c  = Σ_k o_ck      n = Σ_c n_c
//	α    = 1 − (n − 1) Σ_{c,k} o_ck δ²_ck / Σ_{c,k} n_c n_k δ²_ck
//
// with δ²_ck = 1 if c ≠ k else 0 for nominal data (KrippendorffAlphaNominal)
// and δ²_ck = (c − k)² for interval data (KrippendorffAlphaInterval).
// Row.Alpha is nominal alpha on coded / not coded with no missing values: a
// unit coded by k of n coders adds k(k−1)/(n−1) to o_11, (n−k)(n−k−1)/(n−1)
// to o_00 and k(n−k)/(n−1) to each of o_01 and o_10. For two coders this is
//
//	α = 1 − (n − 1)(b + c) / (n₀ n₁)   with n = 2N, n₁ = 2a + b + c, n₀ = 2d + b + c.
//
// # Pooling
//
// Report.Codes pools a code over the considered documents as if their texts
// were concatenated: the units of every document are added (documents where
// nobody applied the code add their runes to None) and each statistic is
// computed once from the summed counts, not as a mean of the documents'
// figures. Report.Overall pools every code of Report.Codes the same way: its
// units are all (code, document) pairs. A code listed in Options.Codes that
// nobody applied therefore adds runes on which all coders agree.
//
// # Unitizing alpha
//
// UnitizingAlpha is Krippendorff's alpha for unitizing a continuum of length
// L (Content Analysis, 2nd ed., 2004, pp. 251–256). For a category c, each of
// the m coders' stretches of the continuum are units (of c) and gaps between
// them. Between a section g of coder i (begin b_g, end e_g, length l_g) and
// a section h of coder j:
//
//	δ²(g, h) = (b_g − b_h)² + (e_g − e_h)²   both units, overlapping
//	         = l_g²                          g a unit inside the gap h
//	         = l_h²                          h a unit inside the gap g
//	         = 0                             otherwise
//
//	D_o,c = Σ_{i≠j} Σ_g Σ_h δ²(g, h) / (m(m − 1) L²)
//
//	D_e,c = (2/L) Σ_units [ (N_c − 1)(2l³ − 3l² + l)/3 + l² Σ_{gaps γ ≥ l} (γ − l + 1) ]
//	        / [ mL(mL − 1) − Σ_units l(l − 1) ]
//
// where the sums run over the N_c units of c of all coders (length l) and
// the gaps of all coders (length γ). Then α_c = 1 − D_o,c / D_e,c and, over
// all categories, α = 1 − Σ_c D_o,c / Σ_c D_e,c. On the book's example this
// gives D_o = 0.0144, D_e = 0.0532 and α = 0.7286 for category c, α = 1 for
// k, and α = 0.85867 overall; the book prints 0.8591 because it divides
// D_o and D_e already rounded to four decimals. We report the unrounded
// figure.
//
// # Segment agreement
//
// SegmentAgreement judges whole segments as MAXQDA does: a segment x of
// coder X agrees when another selected coder has a segment y with the same
// code in the same document such that
//
//	|x ∩ y| / |x ∪ y| ≥ threshold   (in runes; DefaultThreshold = 0.9)
//
// Percent = matched / (matched + unmatched), per code, per coder and over
// all segments.
//
// # Undefined
//
// A figure is undefined (Stat.Defined false, JSON null, never NaN and never a
// made-up 0) when its formula divides by zero or lacks data:
//
//   - every figure, when fewer than two coders are selected or there are no
//     units (an empty document or no considered documents);
//   - kappa, when chance agreement is 1: every coder put every unit in the
//     same category, as when nobody applied the code or all coders coded the
//     whole text (percent agreement is then 1);
//   - alpha, when fewer than two values are pairable or only one value
//     occurs (the same situations for Compare);
//   - Brennan–Prediger, when q < 2 or p_o is undefined;
//   - a segment percentage, when there are no segments;
//   - unitizing alpha, when D_e = 0 (no units of the category).
//
// Malformed tables given to the low-level functions (ragged, negative, NaN)
// also give undefined figures.
//
// # Confidence intervals
//
// Bootstrap gives, for the pooled alpha and kappa of every code and of all
// codes, a confidence interval and, following Hayes and Krippendorff
// ("Answering the call for a standard reliability measure for coding
// data", Communication Methods and Measures 1(1), 2007), the share of
// resamples whose alpha falls below each smallest acceptable alpha
// (0.667 and 0.8 by default): the risk of accepting data whose true
// reliability is below that minimum.
//
// The method is a cluster bootstrap with percentile intervals. The
// considered documents are drawn with replacement, as many as there are;
// the pooled statistic is computed again on each such resample, from the
// same formulas as Compare (a document drawn twice counts twice); this is
// repeated DefaultResamples (2,000) times from a fixed seed (DefaultSeed),
// so that a report run again gives the same interval; the interval at level
// L (DefaultLevel, 0.95) runs from the (1 − L)/2 to the (1 + L)/2 quantile
// of the resampled values (interpolated between order statistics, R's
// type 7). A resample on which a figure is undefined, say one that drew no
// document where the code was applied, is left out of that figure's
// interval and shares and counted (RowInterval.AlphaUndefined).
//
// Why documents and not characters: characters are the units the
// statistics count, but they are not independent draws. A coder reads a
// passage and codes it whole, so neighbouring characters agree or disagree
// together, and coders differ more between documents than within one.
// Resampling characters as if each were an independent observation would
// treat a study of two articles as a sample of thousands and give
// absurdly narrow intervals. Documents are what a study samples, so they
// are what the bootstrap resamples, and the interval widens as documents
// become fewer, as it should. (Hayes and Krippendorff's own procedure
// treats the units of coding as independent observations; in a
// character-level study they are not, so their clusters, the documents,
// are resampled instead.) With fewer than
// MinDocuments (10) documents a document bootstrap has too few distinct
// resamples to mean much, so Bootstrap resamples paragraphs instead
// (blank-line-separated blocks, coding.Paragraphs, given in
// BootstrapOptions.Paragraphs) and says so in Intervals.Unit. Paragraphs of
// one document are not independent either, so such an interval is likely
// too narrow, and a report should say it rests on few documents.
//
// Bootstrap does not look at characters or spans on each resample. It
// counts, once, for every (code, cluster) that someone coded, the runes
// coded by exactly k coders and by each coder (the tally Compare uses);
// a resample is a multiplicity per cluster, and its pooled tally is the
// weighted sum of those counts. Drawing every cluster once gives Compare's
// figures exactly, and a resample's figures equal Compare's on the
// resampled study built as new documents (property_test.go and
// bootstrap_test.go check both). 2,000 resamples over 1,000 documents take
// a fraction of a second (see bench_test.go).
//
// # Speed
//
// Compare, Disagreements and SegmentAgreement never build an array per
// rune. They select and clip the segments, sort them once by code, document,
// coder and start (O(S log S) for S segments), merge each coder's segments
// into a union, and sweep over the span boundaries of the coders of one
// (code, document) at a time, counting runes by stretch lengths. See
// bench_test.go for the measured times.
package agreement
