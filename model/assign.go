package model

import (
	"context"
	"fmt"
	"sort"
)

// Assignment (issue 17): a lead asks members to annotate documents. A
// project without any assignment (every project file) asks everyone to
// annotate every document.

// Queue is the documents assigned to person, in id order; all says that
// the project assigns nothing at all, so that every document is theirs.
// A person without assignments in a project that has some has an empty
// queue.
func Queue(assignments map[string][]int64, person string) (docs []int64, all bool) {
	if len(assignments) == 0 {
		return nil, true
	}
	docs = append([]int64(nil), assignments[person]...)
	sort.Slice(docs, func(i, j int) bool { return docs[i] < docs[j] })
	return docs, false
}

// QueueDocs is the document list person sees, in docs' order: on a
// project where they were assigned documents, their queue; everyone else
// (a project that assigns nothing, a lead or curator without
// assignments) sees every document, so that nothing is hidden from
// someone who was given nothing. The window's list and `margin docs`
// both show it.
func QueueDocs(docs []DocumentSummary, assignments map[string][]int64, person string) []DocumentSummary {
	queue, all := Queue(assignments, person)
	if all || len(queue) == 0 {
		return docs
	}
	mine := make(map[int64]bool, len(queue))
	for _, id := range queue {
		mine[id] = true
	}
	out := make([]DocumentSummary, 0, len(queue))
	for _, d := range docs {
		if mine[d.ID] {
			out = append(out, d)
		}
	}
	return out
}

// BalanceAssignments gives each of docs n distinct people, keeping the
// existing assignments (doc -> people) and adding the fewest needed: each
// new place goes to the person with the fewest documents so far (counting
// existing ones), ties to the first in people's sorted order, so the
// result is the same for the same input. It returns the new assignments
// (doc -> people, in the order given).
func BalanceAssignments(docs []int64, people []string, existing map[int64][]string, n int) (map[int64][]string, error) {
	if n < 1 {
		return nil, fmt.Errorf("assign: %d annotators per document; want at least 1", n)
	}
	if n > len(people) {
		return nil, fmt.Errorf("assign: %d annotators per document, but the team has %d annotators", n, len(people))
	}
	people = append([]string(nil), people...)
	sort.Strings(people)
	load := map[string]int{}
	for _, ps := range existing {
		for _, p := range ps {
			load[p]++
		}
	}
	sorted := append([]int64(nil), docs...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i] < sorted[j] })
	added := map[int64][]string{}
	for _, d := range sorted {
		has := map[string]bool{}
		for _, p := range existing[d] {
			has[p] = true
		}
		for len(has) < n {
			best := ""
			for _, p := range people {
				if !has[p] && (best == "" || load[p] < load[best]) {
					best = p
				}
			}
			if best == "" {
				break // more assigned already than the team has: nothing to add
			}
			has[best] = true
			load[best]++
			added[d] = append(added[d], best)
		}
	}
	return added, nil
}

// ProgressRow is one person's line of the progress matrix: how many of
// their documents are in each status (a document without a status is to
// do).
type ProgressRow struct {
	Person     string `json:"person"`
	Assigned   int    `json:"assigned"`
	Todo       int    `json:"todo"`
	InProgress int    `json:"in_progress"`
	Done       int    `json:"done"`
}

// Progress is the matrix person × status over people's queues (Queue:
// every document when the project assigns none), sorted by person.
func Progress(docs []DocumentSummary, people []string, assignments map[string][]int64, statuses map[int64]map[string]Status) []ProgressRow {
	seen := map[string]bool{}
	var names []string
	for _, p := range people {
		if !seen[p] {
			seen[p] = true
			names = append(names, p)
		}
	}
	for p := range assignments {
		if !seen[p] {
			seen[p] = true
			names = append(names, p)
		}
	}
	sort.Strings(names)
	rows := make([]ProgressRow, 0, len(names))
	for _, p := range names {
		queue, all := Queue(assignments, p)
		if all {
			queue = make([]int64, len(docs))
			for i, d := range docs {
				queue[i] = d.ID
			}
		}
		r := ProgressRow{Person: p, Assigned: len(queue)}
		for _, d := range queue {
			switch statuses[d][p] {
			case StatusDone:
				r.Done++
			case StatusInProgress:
				r.InProgress++
			default:
				r.Todo++
			}
		}
		rows = append(rows, r)
	}
	return rows
}

// ProgressOf is the progress matrix of s: everyone with a layer (gold
// aside) or an assignment, and the people of extra (a server's team
// members without either yet).
func ProgressOf(ctx context.Context, s Store, extra []string) ([]ProgressRow, error) {
	docs, err := s.Documents(ctx)
	if err != nil {
		return nil, err
	}
	people, err := s.Annotators(ctx)
	if err != nil {
		return nil, err
	}
	people = append(people, extra...)
	kept := people[:0]
	for _, p := range people {
		if p != GoldAnnotator {
			kept = append(kept, p)
		}
	}
	asg, err := s.Assignments(ctx)
	if err != nil {
		return nil, err
	}
	st, err := s.Statuses(ctx)
	if err != nil {
		return nil, err
	}
	rows := Progress(docs, kept, asg, st)
	if who, only, err := ownProgressOnly(ctx, s); err != nil {
		return nil, err
	} else if only {
		// Colleagues' rows would read "nothing done": their statuses
		// are hidden, not absent.
		mine := rows[:0]
		for _, r := range rows {
			if r.Person == who {
				mine = append(mine, r)
			}
		}
		rows = mine
	}
	return rows, nil
}

// ProgressLimiter is a store that shows a person only their own row of
// the progress matrix: a server project in blind mode, to an annotator,
// who may not read colleagues' statuses.
type ProgressLimiter interface {
	OwnProgressOnly(ctx context.Context) (person string, only bool, err error)
}

// ownProgressOnly asks s, or the store it wraps (the offline queue's),
// whether only one person's row may show.
func ownProgressOnly(ctx context.Context, s Store) (string, bool, error) {
	if l, ok := StoreAs[ProgressLimiter](s); ok {
		return l.OwnProgressOnly(ctx)
	}
	return "", false, nil
}
