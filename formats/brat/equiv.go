package brat

import (
	"bytes"
	"fmt"
	"strings"
)

// equivClasses gathers the relations of equivalence types into classes
// (connected annotations), so that a chain T1-T2, T2-T3 or a star T1-T2,
// T1-T3 is written back as brat writes it: one "*\tEquiv T1 T2 T3" line.
type equivClasses struct {
	types  []string                     // in first-seen order
	parent map[string]map[string]string // type -> brat id -> parent id
	order  map[string][]string          // type -> ids in first-seen order
	self   map[string]map[string]bool   // type -> ids related to themselves
}

func (q *equivClasses) find(typ, id string) string {
	p := q.parent[typ]
	for p[id] != id {
		p[id] = p[p[id]] // halve the path
		id = p[id]
	}
	return id
}

func (q *equivClasses) add(typ, id string) {
	if q.parent[typ][id] == "" {
		q.parent[typ][id] = id
		q.order[typ] = append(q.order[typ], id)
	}
}

// join records that a and b are equivalent under typ.
func (q *equivClasses) join(typ, a, b string) {
	if q.parent == nil {
		q.parent, q.order, q.self = map[string]map[string]string{}, map[string][]string{}, map[string]map[string]bool{}
	}
	if q.parent[typ] == nil {
		q.parent[typ], q.self[typ] = map[string]string{}, map[string]bool{}
		q.types = append(q.types, typ)
	}
	if a == b {
		q.self[typ][a] = true // brat data has "*\tEquiv T63 T63"
	}
	q.add(typ, a)
	q.add(typ, b)
	ra, rb := q.find(typ, a), q.find(typ, b)
	if ra != rb {
		q.parent[typ][rb] = ra
	}
}

// write writes one * line per class of two or more annotations (or of one
// related to itself), members in first-seen order.
func (q *equivClasses) write(b *bytes.Buffer) {
	for _, typ := range q.types {
		members := map[string][]string{}
		var roots []string
		for _, id := range q.order[typ] {
			r := q.find(typ, id)
			if members[r] == nil {
				roots = append(roots, r)
			}
			members[r] = append(members[r], id)
		}
		for _, r := range roots {
			switch m := members[r]; {
			case len(m) > 1:
				fmt.Fprintf(b, "*\t%s %s\n", typ, strings.Join(m, " "))
			case q.self[typ][m[0]]:
				fmt.Fprintf(b, "*\t%s %s %s\n", typ, m[0], m[0])
			}
		}
	}
}
