package model

import "testing"

// Finish names, sums and orders what the counter saw, and calls a step of
// more than one annotation bulk; a single change is not.
func TestHistoryCounterFinish(t *testing.T) {
	var c HistoryCounter
	c.Add(2, "annotation", "ACTOR", 1, 0, 0)
	c.Add(1, "relation", "claimed_by", 0, 1, 0)
	c.Add(1, "annotation", "ACTOR", 2, 0, 0)
	c.Add(2, "annotation", "ACTOR", 1, 0, 0)
	asked := map[int64]int{}
	p := &HistoryPreview{}
	p.AddAction("create")
	p.AddAction("create")
	err := p.Finish(&c, func(id int64) (string, error) {
		asked[id]++
		return map[int64]string{1: "talks", 2: "report"}[id], nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if p.Action != "create" || p.Removed != 4 || p.Restored != 1 || !p.Bulk {
		t.Fatalf("preview %+v", p)
	}
	want := []HistoryEffect{
		{DocID: 1, Doc: "talks", Kind: "annotation", Label: "ACTOR", Removed: 2},
		{DocID: 1, Doc: "talks", Kind: "relation", Label: "claimed_by", Restored: 1},
		{DocID: 2, Doc: "report", Kind: "annotation", Label: "ACTOR", Removed: 2},
	}
	if len(p.Effects) != len(want) {
		t.Fatalf("effects %+v", p.Effects)
	}
	for i := range want {
		if p.Effects[i] != want[i] {
			t.Errorf("effect %d = %+v, want %+v", i, p.Effects[i], want[i])
		}
	}
	if asked[1] != 1 || asked[2] != 1 {
		t.Errorf("document names asked %v, want once each", asked)
	}
	var one HistoryCounter
	one.Add(1, "annotation", "ACTOR", 0, 0, 1)
	single := &HistoryPreview{}
	single.AddAction("update")
	single.AddAction("delete")
	if err := single.Finish(&one, func(int64) (string, error) { return "talks", nil }); err != nil {
		t.Fatal(err)
	}
	if single.Bulk || single.Action != "mixed" || single.Changed != 1 {
		t.Fatalf("single change %+v", single)
	}
}
