package agreement

import "sort"

// Missing marks a missing rating in KrippendorffAlphaNominal input.
const Missing = ""

// KrippendorffAlphaNominal is Krippendorff's alpha with the nominal distance
// (Krippendorff 2011, "Computing Krippendorff's Alpha-Reliability"):
// α = 1 − Do/De over the coincidence matrix of pairable values.
//
// units[u] holds the values the raters gave unit u, one entry per rater, with
// Missing ("") where a rater gave none; rows may have different lengths. A
// missing rating is missing, not a category, and units with fewer than two
// values are not pairable and drop out. Fails with ErrNoData when nothing is
// pairable and ErrUndefined when De = 0 (every value is the same category).
func KrippendorffAlphaNominal(units [][]string) (float64, error) {
	do, de, err := nominalDisagreement(units)
	if err != nil {
		return 0, err
	}
	return 1 - do/de, nil
}

// nominalDisagreement returns the observed and expected disagreement.
func nominalDisagreement(units [][]string) (do, de float64, err error) {
	nc := map[string]float64{} // marginals of the coincidence matrix
	var n, diagonal float64    // pairable values; Σ_c o_cc
	for _, unit := range units {
		counts := map[string]int{}
		m := 0
		for _, v := range unit {
			if v != Missing {
				counts[v]++
				m++
			}
		}
		if m < 2 {
			continue
		}
		n += float64(m)
		for _, c := range sortedKeys(counts) {
			k := counts[c]
			nc[c] += float64(k)
			// Each of the k values of c pairs with the k−1 others of c,
			// every pair weighted 1/(m−1).
			diagonal += float64(k*(k-1)) / float64(m-1)
		}
	}
	if n == 0 {
		return 0, 0, ErrNoData
	}
	sumSq := 0.0
	for _, c := range sortedKeys(nc) {
		sumSq += nc[c] * nc[c]
	}
	do = (n - diagonal) / n
	de = (n*n - sumSq) / (n * (n - 1))
	if de == 0 {
		return do, de, ErrUndefined
	}
	return do, de, nil
}

// DocLabelReport is agreement on document-level labels.
type DocLabelReport struct {
	Annotators []string `json:"annotators"`
	Documents  int      `json:"documents"`
	// Alpha is Krippendorff's nominal alpha with unlabelled documents as
	// missing values.
	Alpha *float64 `json:"alpha,omitempty"`
	// Pairs: Cohen's kappa per pair over the documents both labelled.
	Pairs []PairKappa `json:"pairs"`
	// Fleiss' kappa over the documents every annotator labelled (Fleiss needs
	// a constant number of ratings per item); FleissDocuments counts them.
	Fleiss          *float64 `json:"fleiss,omitempty"`
	FleissDocuments int      `json:"fleiss_documents"`
}

// DocLabelAgreement compares single-valued document labels: labels maps
// document key -> annotator -> label; an absent or "" label means the
// annotator did not label that document. With no annotators given, every
// annotator appearing in labels is used, sorted.
func DocLabelAgreement(labels map[string]map[string]string, annotators []string) (DocLabelReport, error) {
	anns := annotators
	if len(anns) == 0 {
		seen := map[string]bool{}
		for _, m := range labels {
			for a := range m {
				if !seen[a] {
					seen[a] = true
					anns = append(anns, a)
				}
			}
		}
		sort.Strings(anns)
	} else {
		anns = annotatorsOf(nil, anns)
	}
	rep := DocLabelReport{Annotators: anns, Documents: len(labels)}
	if len(anns) < 2 {
		return rep, ErrTooFewAnnotators
	}
	docs := sortedKeys(labels)
	var units, full [][]string
	for _, d := range docs {
		row := make([]string, len(anns))
		complete := true
		for k, a := range anns {
			row[k] = labels[d][a]
			if row[k] == Missing {
				complete = false
			}
		}
		units = append(units, row)
		if complete {
			full = append(full, row)
		}
	}
	if a, err := KrippendorffAlphaNominal(units); err == nil {
		rep.Alpha = fptr(a)
	}
	for i := 0; i < len(anns); i++ {
		for j := i + 1; j < len(anns); j++ {
			var xa, xb []string
			for _, row := range units {
				if row[i] != Missing && row[j] != Missing {
					xa, xb = append(xa, row[i]), append(xb, row[j])
				}
			}
			p := PairKappa{A: anns[i], B: anns[j], Items: len(xa)}
			same := 0
			for t := range xa {
				if xa[t] == xb[t] {
					same++
				}
			}
			if len(xa) > 0 {
				p.ObservedAgreement = float64(same) / float64(len(xa))
			}
			if k, err := CohenKappa(xa, xb); err == nil {
				p.Kappa = fptr(k)
			}
			rep.Pairs = append(rep.Pairs, p)
		}
	}
	rep.FleissDocuments = len(full)
	if f, err := FleissKappa(full); err == nil {
		rep.Fleiss = fptr(f)
	}
	return rep, nil
}
