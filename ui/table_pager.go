package ui

import (
	"context"
	"sync"
	"sync/atomic"

	"github.com/margin-app/margin/model"
)

// tablePageSize is how many rows one store query of the annotations
// table reads; tableMaxPages how many pages are kept (a million-span
// project never has more than tablePageSize*tableMaxPages rows in memory).
const (
	tablePageSize = 100
	tableMaxPages = 12
)

// annPager pages the annotations table through the store: the table asks
// for row i, the pager answers from the pages it holds, or fetches the
// page on its worker and says so with changed (on the UI goroutine).
// Only the pages near what is on screen are kept. It has no Fyne widgets,
// so it is tested on its own.
type annPager struct {
	ctx   context.Context
	query func(context.Context, model.AnnotationQuery) (*model.AnnotationPage, error)
	// post runs fn on the UI goroutine (fyne.Do in the window).
	post func(fn func())
	// changed is called on the UI goroutine when the total or a page
	// arrived; failed when a query failed.
	changed func()
	failed  func(error)

	q       model.AnnotationQuery // filters and sort; Offset/Limit unused
	total   int                   // -1 until the first page arrives
	pages   map[int][]model.AnnotationRow
	loading map[int]bool
	last    int          // the page asked for last, kept while others are dropped
	gen     atomic.Int64 // bumped by setQuery: older answers are dropped

	work workQueue
	// inline runs each fetch on the caller (tableInline).
	inline bool
}

func newAnnPager(ctx context.Context, query func(context.Context, model.AnnotationQuery) (*model.AnnotationPage, error), post func(func())) *annPager {
	// Nothing is read until setQuery.
	return &annPager{ctx: ctx, query: query, post: post, changed: func() {}, failed: func(error) {},
		total: -1, pages: map[int][]model.AnnotationRow{}, loading: map[int]bool{}}
}

// setQuery changes the filters or the order: every page is dropped and
// the first one fetched again (with the new total).
func (p *annPager) setQuery(q model.AnnotationQuery) {
	q.Offset, q.Limit = 0, 0
	p.q = q
	p.gen.Add(1)
	p.total = -1
	p.pages, p.loading = map[int][]model.AnnotationRow{}, map[int]bool{}
	p.fetch(0)
}

// Len is the number of rows that match (0 until it is known).
func (p *annPager) Len() int { return max(p.total, 0) }

// Row returns row i, or false while its page is on its way.
func (p *annPager) Row(i int) (*model.AnnotationRow, bool) {
	n := i / tablePageSize
	rows, ok := p.pages[n]
	if !ok {
		p.fetch(n)
		return nil, false
	}
	p.last = n
	if k := i % tablePageSize; k < len(rows) {
		return &rows[k], true
	}
	return nil, false
}

func (p *annPager) fetch(n int) {
	if p.loading[n] {
		return
	}
	p.loading[n], p.last = true, n
	q, gen := p.q, p.gen.Load()
	q.Offset, q.Limit = n*tablePageSize, tablePageSize
	q.Count = p.total < 0 // once per query, with the first page that comes
	run := p.work.do
	if p.inline {
		run = func(job func()) { job() }
	}
	run(func() {
		if gen != p.gen.Load() {
			return // the query changed while this waited
		}
		page, err := p.query(p.ctx, q)
		p.post(func() {
			if gen != p.gen.Load() {
				return
			}
			delete(p.loading, n)
			if err != nil {
				p.failed(err)
				return
			}
			if page.Total >= 0 {
				p.total = page.Total
			}
			p.pages[n] = page.Rows
			p.evict()
			p.changed()
		})
	})
}

// evict drops the pages farthest from the last one asked for.
func (p *annPager) evict() {
	for len(p.pages) > tableMaxPages {
		far, dist := -1, -1
		for n := range p.pages {
			d := n - p.last
			if d < 0 {
				d = -d
			}
			if d > dist {
				far, dist = n, d
			}
		}
		delete(p.pages, far)
	}
}

// workQueue runs jobs one at a time, in order, on its own goroutine, so
// table queries never wait behind (or hold up) the edit controller's
// writes and never pile up in parallel.
type workQueue struct {
	mu      sync.Mutex
	jobs    []func()
	running bool
}

func (q *workQueue) do(job func()) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.jobs = append(q.jobs, job)
	if !q.running {
		q.running = true
		go q.loop()
	}
}

func (q *workQueue) loop() {
	for {
		q.mu.Lock()
		if len(q.jobs) == 0 {
			q.running = false
			q.mu.Unlock()
			return
		}
		job := q.jobs[0]
		q.jobs = q.jobs[1:]
		q.mu.Unlock()
		job()
	}
}
