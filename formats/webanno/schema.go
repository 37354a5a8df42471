package webanno

import (
	"strings"
)

// colKind is what a feature column holds, as INCEpTION's
// Tsv3XDeserializer.parseColumnDeclaration classifies it.
type colKind int

const (
	colPrimitive   colKind = iota // a feature value
	colPlaceholder                // a layer without features: "*" marks the span
	colSlotRole                   // ROLE_...: the roles of a slot (link) feature, "p1;p2"
	colSlotTarget                 // the type after a ROLE_ column: the slot fillers, "1-2;1-3[4]"
	colRelRef                     // BT_...: a relation's source unit, "1-3" or "1-3[1_2]"
	colChainType                  // referenceType of a chain element, "value[chain]"
	colChainLink                  // referenceRelation of a chain link, "value->chain-element"
)

type column struct {
	layer  int
	kind   colKind
	feat   string // feature name (slot feature name for slot columns)
	target string // slot filler or relation endpoint type
}

type layer struct {
	kind string // "T_SP", "T_RL" or "T_CH"
	name string
	cols []int // indexes into the file's columns
}

// short is the layer name without its package ("NamedEntity").
func (l layer) short() string { return l.name[strings.LastIndex(l.name, ".")+1:] }

// parseLayer reads a #T_SP=, #T_RL= or #T_CH= declaration and appends its
// columns. Empty declarations are dropped (INCEpTION splits with
// StringUtils.split, so "webanno.custom.Span|" has no feature), and a
// layer without features has one placeholder column.
func parseLayer(line string, li int, cols []column) (layer, []column) {
	kind := line[1:5]
	var parts []string
	for _, p := range strings.Split(line[6:], "|") {
		if p != "" {
			parts = append(parts, p)
		}
	}
	l := layer{kind: kind}
	if len(parts) > 0 {
		l.name = parts[0]
	}
	add := func(c column) {
		c.layer = li
		l.cols = append(l.cols, len(cols))
		cols = append(cols, c)
	}
	prev := colPrimitive
	for _, decl := range parts[min(1, len(parts)):] {
		c := column{kind: colPrimitive, feat: decl}
		switch {
		case kind == "T_SP" && strings.HasPrefix(decl, "ROLE_"):
			// ROLE_<host type>:<feature>_<link type>
			f := strings.SplitN(decl, "_", 3)
			c.kind = colSlotRole
			if len(f) > 1 {
				c.feat = f[1][strings.Index(f[1], ":")+1:]
			}
		case kind == "T_SP" && prev == colSlotRole:
			c.kind = colSlotTarget
			c.feat = cols[len(cols)-1].feat
			c.target = decl
		case kind == "T_RL" && strings.HasPrefix(decl, "BT_"):
			c.kind = colRelRef
			c.target = strings.TrimPrefix(decl, "BT_")
		case kind == "T_CH" && decl == "referenceType":
			c.kind = colChainType
		case kind == "T_CH" && decl == "referenceRelation":
			c.kind = colChainLink
		}
		prev = c.kind
		add(c)
	}
	if len(l.cols) == 0 {
		add(column{kind: colPlaceholder})
	}
	return l, cols
}
