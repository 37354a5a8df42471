package ui

import (
	"sort"
	"time"

	"github.com/margin-app/margin/model"
)

// labelTally is one bar of the statistics window: a name (an annotator
// or a document) and its span counts per label.
type labelTally struct {
	Name   string
	ID     int64 // the document's id (document bars only)
	Counts map[string]int
	Total  int
}

// tallyLabels sums label counts per annotator and per document (every
// layer but gold), each list by total, largest first, then by name.
func tallyLabels(counts []model.LabelCount, docNames map[int64]string) (byAnnotator, byDocument []labelTally) {
	who := map[string]*labelTally{}
	docs := map[int64]*labelTally{}
	for _, c := range counts {
		if c.Annotator == model.GoldAnnotator {
			continue
		}
		a := who[c.Annotator]
		if a == nil {
			a = &labelTally{Name: c.Annotator, Counts: map[string]int{}}
			who[c.Annotator] = a
		}
		a.Counts[c.Label] += c.Count
		a.Total += c.Count
		d := docs[c.DocID]
		if d == nil {
			d = &labelTally{Name: docNames[c.DocID], ID: c.DocID, Counts: map[string]int{}}
			docs[c.DocID] = d
		}
		d.Counts[c.Label] += c.Count
		d.Total += c.Count
	}
	for _, a := range who {
		byAnnotator = append(byAnnotator, *a)
	}
	for _, d := range docs {
		byDocument = append(byDocument, *d)
	}
	for _, l := range [][]labelTally{byAnnotator, byDocument} {
		sort.Slice(l, func(i, j int) bool {
			if l[i].Total != l[j].Total {
				return l[i].Total > l[j].Total
			}
			if l[i].Name != l[j].Name {
				return l[i].Name < l[j].Name
			}
			return l[i].ID < l[j].ID
		})
	}
	return byAnnotator, byDocument
}

// dayTotal is one day of the progress chart: spans created and documents
// marked done, per annotator, and their sums.
type dayTotal struct {
	Day             string
	Spans, Done     int
	SpansBy, DoneBy map[string]int
}

// progressByDay sums the store's per-day, per-annotator counts by day,
// oldest first, filling in the days between with zeros so the chart's
// x axis is time.
func progressByDay(days []model.DayCount) []dayTotal {
	var out []dayTotal
	at := map[string]int{}
	for _, d := range days {
		if d.Annotator == model.GoldAnnotator || d.Day == "" {
			continue
		}
		i, ok := at[d.Day]
		if !ok {
			i = len(out)
			at[d.Day] = i
			out = append(out, dayTotal{Day: d.Day, SpansBy: map[string]int{}, DoneBy: map[string]int{}})
		}
		out[i].Spans += d.Annotations
		out[i].Done += d.DocsDone
		out[i].SpansBy[d.Annotator] += d.Annotations
		out[i].DoneBy[d.Annotator] += d.DocsDone
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Day < out[j].Day })
	return fillDays(out)
}

// fillDays inserts the missing days between the first and the last (at
// most a year of them: a gap longer than that is shown as it is).
func fillDays(days []dayTotal) []dayTotal {
	if len(days) < 2 {
		return days
	}
	first, err1 := parseDay(days[0].Day)
	last, err2 := parseDay(days[len(days)-1].Day)
	if err1 != nil || err2 != nil || last.Sub(first).Hours() > 366*24 {
		return days
	}
	have := map[string]dayTotal{}
	for _, d := range days {
		have[d.Day] = d
	}
	var out []dayTotal
	for t := first; !t.After(last); t = t.AddDate(0, 0, 1) {
		k := t.Format("2006-01-02")
		if d, ok := have[k]; ok {
			out = append(out, d)
		} else {
			out = append(out, dayTotal{Day: k, SpansBy: map[string]int{}, DoneBy: map[string]int{}})
		}
	}
	return out
}

func parseDay(s string) (time.Time, error) { return time.Parse("2006-01-02", s) }
