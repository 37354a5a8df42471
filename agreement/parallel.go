package agreement

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// workers is how many goroutines share n independent jobs: one per CPU.
func workers(n int) int { return max(1, min(runtime.GOMAXPROCS(0), n)) }

// parallel runs job(w, i) for i in [0, n) on workers(n) goroutines, w being
// the goroutine's number (for its own buffers), and returns when all are
// done. Jobs must write only their own results; callers combine them in
// index order, so the outcome does not depend on scheduling.
func parallel(n int, job func(w, i int)) {
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := range workers(n) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := int(next.Add(1)) - 1; i < n; i = int(next.Add(1)) - 1 {
				job(w, i)
			}
		}()
	}
	wg.Wait()
}
