package brat

import (
	"fmt"
)

// typeNamer maps Margin's label, relation and attribute names to brat
// type names (storage forms), one to one: names already valid in brat
// stay as they are, and two names that clean to the same form get -2, -3.
// brat type names are case-sensitive, so "PUNC" and "punc" both stay.
type typeNamer struct {
	byOrig map[string]string
	used   map[string]bool
}

func (n *typeNamer) Name(orig string) string {
	if n.byOrig == nil {
		n.byOrig, n.used = map[string]string{}, map[string]bool{}
	}
	if s, ok := n.byOrig[orig]; ok {
		return s
	}
	base := storageForm(orig)
	if base == "" {
		base = "unnamed"
	}
	s := base
	for i := 2; n.used[s]; i++ {
		s = fmt.Sprintf("%s-%d", base, i)
	}
	n.used[s] = true
	n.byOrig[orig] = s
	return s
}

// Renamed lists "orig -> brat name" for the names that had to change.
func (n *typeNamer) Renamed() []string {
	var out []string
	for _, o := range sortedKeys(n.byOrig) {
		if s := n.byOrig[o]; s != o {
			out = append(out, fmt.Sprintf("%q -> %q", o, s))
		}
	}
	return out
}
