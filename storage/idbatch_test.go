package storage

import (
	"bytes"
	"testing"
	"time"

	"github.com/google/uuid"
)

// TestNewUUIDsAreVersion7InIncreasingOrder: the ids an import makes in
// blocks are RFC 9562 version-7 UUIDs carrying the current time, each
// above the one before, within a block and across blocks (so new rows
// land at the end of the primary-key index), and all different.
func TestNewUUIDsAreVersion7InIncreasingOrder(t *testing.T) {
	before := time.Now()
	var all [][]byte
	for _, n := range []int{1, 100, 3, 5000} {
		block := make([]byte, 16*n)
		newUUIDs(block)
		for i := range n {
			all = append(all, block[16*i:16*i+16])
		}
	}
	seen := map[string]bool{}
	for i, b := range all {
		u, err := uuid.FromBytes(b)
		if err != nil {
			t.Fatal(err)
		}
		if u.Version() != 7 || u.Variant() != uuid.RFC4122 {
			t.Fatalf("id %d %s: version %d, variant %v", i, u, u.Version(), u.Variant())
		}
		if parsed, err := uuid.Parse(u.String()); err != nil || parsed != u {
			t.Fatalf("id %d %s does not read back: %v", i, u, err)
		}
		sec, nsec := u.Time().UnixTime()
		if at := time.Unix(sec, nsec); at.Before(before.Add(-time.Second)) || at.After(time.Now().Add(time.Second)) {
			t.Fatalf("id %d %s carries %v, not about now", i, u, at)
		}
		if i > 0 && bytes.Compare(all[i-1], b) >= 0 {
			t.Fatalf("id %d %x is not above id %d %x", i, b, i-1, all[i-1])
		}
		if seen[string(b)] {
			t.Fatalf("id %d %s twice", i, u)
		}
		seen[string(b)] = true
	}
}
