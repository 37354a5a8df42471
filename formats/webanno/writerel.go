package webanno

import (
	"strconv"
	"strings"

	"github.com/margin-app/margin/formats/conll"
	"github.com/margin-app/margin/model"
)

// relCell is one relation as written on its target's first token: the
// label and the source reference.
type relCell struct{ label, ref string }

// relCells holds the relations of a document by the token they are
// written on.
type relCells map[int][]relCell

// relationCells places every relation as INCEpTION's Tsv3XSerializer does
// for a relation layer: on the first token of its target span, the label
// in the feature column and, in the BT_ column, the source span's first
// token ("1-3"), followed by "[SOURCE_TARGET]" with both spans'
// disambiguation ids (0 for none) when either has one. first maps an
// annotation id to its first span; at gives a span's first token index and
// id. A relation whose end was not written (it covers no token) is
// dropped and counted.
func (e *Exporter) relationCells(rels []model.Relation, first map[string]int, at func(span int) (tok, id int), sents [][]conll.Token) relCells {
	var unit []string // token index -> "sentence-token"
	for si, s := range sents {
		for k := range s {
			unit = append(unit, strconv.Itoa(si+1)+"-"+strconv.Itoa(k+1))
		}
	}
	out := relCells{}
	for _, r := range rels {
		from, ok1 := first[r.From]
		to, ok2 := first[r.To]
		if !ok1 || !ok2 {
			e.report.Add("relations dropped: one end covers no token (whitespace only) or is not in the document", 1)
			continue
		}
		ft, fid := at(from)
		tt, tid := at(to)
		ref := unit[ft]
		if fid > 0 || tid > 0 {
			ref += "[" + strconv.Itoa(fid) + "_" + strconv.Itoa(tid) + "]"
		}
		label := "*"
		if r.Type != "" {
			label = Escape(r.Type)
		}
		out[tt] = append(out[tt], relCell{label, ref})
	}
	return out
}

// cells renders the label and reference columns of token t: "_\t_" when
// no relation is written there, else the stacked values joined by '|'.
func (c relCells) cells(t int) string {
	rs := c[t]
	if len(rs) == 0 {
		return "_\t_"
	}
	labels, refs := make([]string, len(rs)), make([]string, len(rs))
	for i, r := range rs {
		labels[i], refs[i] = r.label, r.ref
	}
	return strings.Join(labels, "|") + "\t" + strings.Join(refs, "|")
}
