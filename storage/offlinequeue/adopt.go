package offlinequeue

import (
	"path/filepath"
	"strings"
	"time"
)

// adoptEvery is how often, in retries, a window looks for edits left in
// slots that no window holds (5 s).
const adoptEvery = 10

// adopt sends the edits waiting in the queue's other slots that no window
// holds: a second window was closed (or crashed) with edits waiting while
// this one stays open, and they would otherwise wait until as many
// windows are open again. A slot is held (openFile) while its edits are
// sent, so that a window opening meanwhile takes another slot and no
// edit is sent by two windows; each is removed from its file once the
// server has it, as the window's own are. Only while this window has
// none of its own waiting: those go first.
func (s *Store) adopt() {
	// Not at every wake (each colleague's change wakes the sender).
	if !s.adopted.IsZero() && time.Since(s.adopted) < adoptEvery*s.retry {
		return
	}
	s.adopted = time.Now()
	s.mu.Lock()
	busy := s.waiting > 0 || s.offline
	s.mu.Unlock()
	if busy {
		return
	}
	ext := filepath.Ext(s.q.base)
	others, _ := filepath.Glob(globEscape(strings.TrimSuffix(s.q.base, ext)) + ".*" + ext)
	others = append(others, s.q.base)
	for _, p := range others {
		if p == s.q.path || s.ctx.Err() != nil {
			continue
		}
		q, err := openFile(p)
		if err != nil {
			continue // held by a window, which sends its own
		}
		list, err := q.waiting(s.ctx)
		for i := range list {
			if err != nil || !s.sendOne(q, &list[i]) {
				break
			}
		}
		q.Close()
	}
}

// globEscape quotes the characters filepath.Glob would read as a pattern.
func globEscape(p string) string {
	r := strings.NewReplacer(`\`, `\\`, `*`, `\*`, `?`, `\?`, `[`, `\[`)
	return r.Replace(p)
}
