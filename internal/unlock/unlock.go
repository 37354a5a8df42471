// Package unlock runs the bulk paths off a goroutine locked to its OS
// thread.
package unlock

// Do runs fn on a goroutine of its own and waits for it. The bulk paths
// (an import's writer, an export's document walk and its format writer)
// block and wake thousands of times on their pipelines' channels; a
// caller locked to its OS thread — the command line's main goroutine is,
// since Fyne's driver locks it in an init — then costs two OS thread
// switches (futex wake and sleep) each time, where an unlocked goroutine
// is resumed by whichever thread is free. perf showed those switches as
// a fifth of `margin import`'s CPU, and a quarter of the thread switches
// of `margin export` (BENCHMARKS.md, issue 14). A panic in fn is
// re-raised in the caller.
func Do(fn func() error) error {
	done := make(chan struct{})
	var (
		err    error
		failed any
	)
	go func() {
		defer close(done)
		defer func() { failed = recover() }()
		err = fn()
	}()
	<-done
	if failed != nil {
		panic(failed)
	}
	return err
}
