package postgres

import (
	"context"
	"math/rand/v2"
	"strconv"
	"testing"
	"time"

	"github.com/margin-app/margin/model"
)

var teamStances = []string{"pro", "con", "neutral"}

// BenchmarkTeamEditsMixed is BenchmarkTeamEdits with three edits in ten
// something other than a span: a relation between two of the client's
// spans made or deleted, a document label (a set of one value: each
// replaces the last) or a status. Every acknowledged one must be on the
// server at the end too; p99-other-ms is their p99 alone.
func BenchmarkTeamEditsMixed(b *testing.B) {
	benchTeam(b, "", teamClients, true)
}

// BenchmarkTeamEditsMixedRestart is BenchmarkTeamEditsMixed with the
// server restarted (immediate mode) halfway through: no acknowledged
// relation, label or status may be lost either.
func BenchmarkTeamEditsMixedRestart(b *testing.B) {
	benchTeam(b, "immediate", teamClients, true)
}

// otherEdits is what a client of the mixed run was told of its
// relations, labels and statuses; a failed edit's key is left unchecked.
type otherEdits struct {
	docs     []int64                   // the two documents it works in
	rels     map[string]model.Relation // acknowledged, not deleted
	unsure   map[string]bool           // relation ids, "label:doc", "status:doc"
	labels   map[int64]string
	statuses map[int64]model.Status
	latency  []time.Duration
}

func newOtherEdits(docs []int64, i int) *otherEdits {
	return &otherEdits{docs: []int64{docs[i%len(docs)], docs[(i+1)%len(docs)]},
		rels: map[string]model.Relation{}, unsure: map[string]bool{}, labels: map[int64]string{}, statuses: map[int64]model.Status{}}
}

// step makes one edit other than a span's three times in ten (done),
// reporting whether the server acknowledged it.
func (o *otherEdits) step(ctx context.Context, c *teamClient, rng *rand.Rand) (ok, done bool) {
	start := time.Now()
	doc := o.docs[rng.IntN(len(o.docs))]
	var err error
	var key string
	var after func()
	switch r := rng.IntN(10); {
	case r == 0:
		st := []model.Status{model.StatusInProgress, model.StatusDone}[rng.IntN(2)]
		key = "status:" + itoa(doc)
		err = c.db.SetStatus(ctx, doc, c.name, st)
		after = func() { o.statuses[doc] = st }
	case r == 1:
		v := teamStances[rng.IntN(len(teamStances))]
		key = "label:" + itoa(doc)
		err = c.db.SetDocLabel(ctx, model.DocLabel{DocID: doc, Annotator: c.name, Set: "stance", Value: v})
		after = func() { o.labels[doc] = v }
	case r == 2 && len(o.rels) > 0 && rng.IntN(2) == 0:
		for id := range o.rels {
			key = id
			break
		}
		err = c.db.DeleteRelation(ctx, key, c.name)
		after = func() { delete(o.rels, key) }
	case r == 2:
		from, to := o.pair(c, rng)
		if from == nil {
			return false, false
		}
		rel := &model.Relation{Annotator: c.name, Type: "link", From: from.ID, To: to.ID}
		err = c.db.CreateRelation(ctx, rel)
		key = rel.ID
		after = func() { o.rels[rel.ID] = *rel }
	default:
		return false, false
	}
	if err != nil {
		c.failed++
		if key != "" {
			o.unsure[key] = true
			delete(o.rels, key)
		}
		return false, true
	}
	d := time.Since(start)
	c.latency = append(c.latency, d)
	o.latency = append(o.latency, d)
	after()
	return true, true
}

// pair is two of c's live spans in one document, nil when there are none.
func (o *otherEdits) pair(c *teamClient, rng *rand.Rand) (*model.Annotation, *model.Annotation) {
	n := len(c.live)
	if n < 2 {
		return nil, nil
	}
	i := rng.IntN(n)
	for k := 1; k < n; k++ {
		j := (i + k) % n
		if c.live[j].DocID == c.live[i].DocID {
			return c.live[i], c.live[j]
		}
	}
	return nil, nil
}

// spanGone drops the relations the server deleted with span id.
func (o *otherEdits) spanGone(id string) {
	for rid, r := range o.rels {
		if r.From == id || r.To == id {
			delete(o.rels, rid)
		}
	}
}

// spanUnsure: the span's relations may or may not be there.
func (o *otherEdits) spanUnsure(id string) {
	for rid, r := range o.rels {
		if r.From == id || r.To == id {
			o.unsure[rid] = true
			delete(o.rels, rid)
		}
	}
}

func (r *teamRun) otherLatencies() []time.Duration {
	var all []time.Duration
	for _, c := range r.clients {
		if c.other != nil {
			all = append(all, c.other.latency...)
		}
	}
	return all
}

// checkOther compares the server's relations, labels and statuses with
// what the mixed run's clients were told (nothing without them).
func (r *teamRun) checkOther(b *testing.B) (lost, dup int) {
	ctx := context.Background()
	if len(r.clients) == 0 || r.clients[0].other == nil {
		return 0, 0
	}
	onServer := map[string]bool{}
	labels := map[string]map[int64][]string{}
	for _, d := range r.docs {
		rs, err := r.owner.Relations(ctx, d)
		if err != nil {
			b.Fatal(err)
		}
		for _, rel := range rs {
			onServer[rel.ID] = true
		}
		ls, err := r.owner.DocLabels(ctx, d)
		if err != nil {
			b.Fatal(err)
		}
		for _, l := range ls {
			if labels[l.Annotator] == nil {
				labels[l.Annotator] = map[int64][]string{}
			}
			labels[l.Annotator][d] = append(labels[l.Annotator][d], l.Value)
		}
	}
	statuses, err := r.owner.Statuses(ctx)
	if err != nil {
		b.Fatal(err)
	}
	known := map[string]bool{}
	for _, c := range r.clients {
		o := c.other
		for id := range o.rels {
			known[id] = true
			if !onServer[id] {
				lost++
				b.Logf("%s's relation %s: acknowledged, not on the server", c.name, id)
			}
		}
		for id := range o.unsure {
			known[id] = true
		}
		for doc, v := range o.labels {
			if got := labels[c.name][doc]; !o.unsure["label:"+itoa(doc)] && (len(got) != 1 || got[0] != v) {
				lost++
				b.Logf("%s's label of document %d: acknowledged %q, on the server %q", c.name, doc, v, got)
			}
		}
		for doc, st := range o.statuses {
			if got := statuses[doc][c.name]; !o.unsure["status:"+itoa(doc)] && got != st {
				lost++
				b.Logf("%s's status of document %d: acknowledged %q, on the server %q", c.name, doc, st, got)
			}
		}
	}
	for id := range onServer {
		if !known[id] {
			dup++
			b.Logf("relation %s on the server: not acknowledged, or its deletion was", id)
		}
	}
	return lost, dup
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
