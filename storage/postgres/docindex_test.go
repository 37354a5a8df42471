package postgres

import (
	"strings"
	"testing"

	"github.com/margin-app/margin/model"
)

// TestDocIndexCacheBounds: the cache keeps at most docIndexCacheSize
// documents and docIndexCacheBytes of text, dropping the least recently
// used first, and always keeps the one just put.
func TestDocIndexCacheBounds(t *testing.T) {
	size, bytes := docIndexCacheSize, docIndexCacheBytes
	t.Cleanup(func() { docIndexCacheSize, docIndexCacheBytes = size, bytes })
	docIndexCacheSize, docIndexCacheBytes = 3, 100
	var c docIndexCache
	text := func(n int) *model.TextIndex { return model.NewTextIndex(strings.Repeat("a", n)) }
	c.put(1, text(10))
	c.put(2, text(10))
	c.put(3, text(10))
	c.get(1) // 2 is now the least recently used
	c.put(4, text(10))
	if c.get(2) != nil || c.get(1) == nil || c.get(3) == nil || c.get(4) == nil {
		t.Fatalf("after a fourth document: kept %v, want 1, 3 and 4", c.order)
	}
	// The checks above used 1, 3, 4 in that order: 1 and 3 are the
	// oldest, and 30+85 bytes is over the budget until both go.
	c.put(5, text(85))
	if len(c.order) != 2 || c.get(5) == nil || c.get(4) == nil || c.bytes != 95 {
		t.Fatalf("after 85 more bytes: kept %v (%d bytes), want 4 and 5 (95 bytes)", c.order, c.bytes)
	}
	c.put(6, text(500)) // larger than the whole budget: kept alone
	if len(c.order) != 1 || c.get(6) == nil || c.bytes != 500 {
		t.Fatalf("after a text over the budget: kept %v (%d bytes), want 6 alone", c.order, c.bytes)
	}
}
