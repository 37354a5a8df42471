package webanno

import (
	"fmt"
	"strings"
)

// linguisticPrefixes are the DKPro layers INCEpTION fills per token from
// its preprocessing (part of speech, lemma, morphology, stem, the tokens
// and sentences themselves), in DKPro 1.x's and 2.x's packages. Their
// values are the word's grammar, not what a researcher labels: coref.tsv
// has one Lemma per token, and one label per distinct lemma (about 1,300)
// would bury the file's real labels.
var linguisticPrefixes = []string{
	"de.tudarmstadt.ukp.dkpro.core.api.lexmorph.type.",
	"org.dkpro.core.api.lexmorph.type.",
	"de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.",
	"org.dkpro.core.api.segmentation.type.",
}

// linguisticTypes are the segmentation types among those packages that
// are per-token grammar (the package also holds Paragraph and Document-
// level types, which are kept).
var linguisticTypes = map[string]bool{
	"Lemma": true, "Stem": true, "Token": true, "TokenForm": true, "Sentence": true,
}

// isLinguistic reports whether a span layer is token-level grammar.
func isLinguistic(l layer) bool {
	if l.kind != "T_SP" {
		return false
	}
	for _, p := range linguisticPrefixes {
		if strings.HasPrefix(l.name, p) {
			return strings.Contains(p, "lexmorph") || linguisticTypes[l.short()]
		}
	}
	return false
}

// linguisticUse says, per layer index, how a token-level grammar layer is
// imported: skipped, or (when a relation layer of the file links its
// annotations, as DKPro's Dependency links POS) kept as the anchors of
// those relations under one label, the layer's name, with its values as
// attributes, so that the relations survive without a label per tag.
func (r *reader) linguisticUse() (skip, anchor map[int]bool) {
	skip, anchor = map[int]bool{}, map[int]bool{}
	linked := map[string]bool{}
	for _, c := range r.cols {
		if c.kind == colRelRef {
			linked[c.target] = true
		}
	}
	for i, l := range r.layers {
		if isLinguistic(l) {
			if linked[l.name] {
				anchor[i] = true
			} else {
				skip[i] = true
			}
		}
	}
	return skip, anchor
}

// skippedWarning is the one warning per skipped layer.
func (r *reader) skippedWarning(li, n int) string {
	return fmt.Sprintf("%s: layer %s skipped (%d annotations): it is token-level grammar from preprocessing, not research labels", r.file, r.layers[li].name, n)
}
