package storage

import "sync"

// The queue between an import's preparing goroutine and its writer
// (importStream) holds at most importQueueDocs documents and about
// importQueueBytes of their memory, whichever comes first: deep enough
// that a writer on a busy machine finds work when it gets the CPU, small
// enough that long documents stay within the import's memory target
// (BENCHMARKS.md, issue 14).
const (
	importQueueDocs  = 256
	importQueueBytes = 4 << 20
)

// weight estimates the memory a prepared document holds while queued:
// its text, its text index (4 bytes per code point) and its annotations.
func (p *preppedDoc) weight() int {
	return len(p.in.Doc.Text) + 4*p.ix.Len() + 256*len(p.in.Annotations)
}

// byteBudget is a counting semaphore of bytes. take waits until n bytes
// are free (a document heavier than the whole budget waits for all of
// it, so it still goes, alone); close wakes and fails every waiter.
type byteBudget struct {
	mu     sync.Mutex
	cond   sync.Cond
	free   int
	max    int
	closed bool
}

func newByteBudget(max int) *byteBudget {
	b := &byteBudget{free: max, max: max}
	b.cond.L = &b.mu
	return b
}

// take reserves n bytes; false once the budget is closed.
func (b *byteBudget) take(n int) bool {
	n = min(n, b.max)
	b.mu.Lock()
	defer b.mu.Unlock()
	for b.free < n && !b.closed {
		b.cond.Wait()
	}
	if b.closed {
		return false
	}
	b.free -= n
	return true
}

// give returns n bytes taken before.
func (b *byteBudget) give(n int) {
	n = min(n, b.max)
	b.mu.Lock()
	b.free += n
	b.mu.Unlock()
	b.cond.Broadcast()
}

func (b *byteBudget) close() {
	b.mu.Lock()
	b.closed = true
	b.mu.Unlock()
	b.cond.Broadcast()
}
