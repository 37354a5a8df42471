package storage

import (
	"testing"
	"time"
)

// TestByteBudgetWakesATakerOnceAQuarterIsFree: a taker that finds too
// little free waits, through returns that would already fit it, until a
// quarter of the budget is free besides its own bytes; then it gets them.
// close fails a waiter.
func TestByteBudgetWakesATakerOnceAQuarterIsFree(t *testing.T) {
	b := newByteBudget(400)
	if !b.take(390) {
		t.Fatal("take from a fresh budget failed")
	}
	got := make(chan bool, 1)
	go func() { got <- b.take(50) }() // 10 free: waits for 50 + 100
	waitFor := func(what string, cond func() bool) {
		t.Helper()
		for deadline := time.Now().Add(5 * time.Second); !cond(); time.Sleep(time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("timed out waiting for %s", what)
			}
		}
	}
	waiting := func() bool { b.mu.Lock(); defer b.mu.Unlock(); return b.waiters == 1 }
	waitFor("the taker to wait", waiting)
	b.give(60) // 70 free: enough for 50, not for 150
	select {
	case <-got:
		t.Fatal("the taker went on with 70 bytes free; want it to wait for 150")
	case <-time.After(50 * time.Millisecond):
	}
	b.give(80) // 150 free
	select {
	case ok := <-got:
		if !ok {
			t.Fatal("take failed")
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the taker still waits with 150 bytes free")
	}
	if b.free != 100 {
		t.Fatalf("%d bytes free, want 100", b.free)
	}
	go func() { got <- b.take(300) }()
	waitFor("the second taker to wait", waiting)
	b.close()
	if <-got {
		t.Fatal("take succeeded on a closed budget")
	}
}
