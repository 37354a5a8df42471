package pgtest

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// Server is a PostgreSQL server of one test's own (.ci/postgres with its
// own port and data directory), for tests that stop or restart it: the
// shared server of MARGIN_TEST_POSTGRES is never stopped by a test.
type Server struct {
	URL    string // the superuser's URL, on the database "postgres"
	script string
	env    []string
	dir    string
}

// PrivateServer starts a server for t, stopped and removed when t ends.
// It needs PostgreSQL installed, as the shared server does.
func PrivateServer(t testing.TB) *Server {
	t.Helper()
	script, err := ciScript()
	if err != nil {
		t.Fatal(err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	// Under /tmp, not t.TempDir(): as root the server runs as the user
	// postgres, who cannot enter a test's private temporary folder.
	dir := fmt.Sprintf("/tmp/margin-pg-test-%d-%d", os.Getpid(), port)
	s := &Server{script: script, dir: dir, env: append(os.Environ(), fmt.Sprintf("MARGIN_PG_PORT=%d", port), "MARGIN_PG_DIR="+dir)}
	t.Cleanup(func() {
		s.run(t, "stop")
		for _, p := range []string{dir, dir + ".pw", dir + ".initdb.log"} {
			os.RemoveAll(p)
		}
	})
	s.URL = strings.TrimSpace(s.run(t, "start"))
	return s
}

// Stop stops the server (fast shutdown: sessions are ended, as in a restart).
func (s *Server) Stop(t testing.TB) { t.Helper(); s.run(t, "stop") }

// Start starts it again.
func (s *Server) Start(t testing.TB) { t.Helper(); s.run(t, "start") }

// Database is the URL of database name on the server.
func (s *Server) Database(t testing.TB, name string) string {
	t.Helper()
	return withDatabase(t, s.URL, name)
}

func (s *Server) run(t testing.TB, cmd string) string {
	t.Helper()
	c := exec.Command(s.script, cmd)
	c.Env = s.env
	out, err := c.Output()
	if err != nil {
		msg := ""
		if ee, ok := err.(*exec.ExitError); ok {
			msg = string(ee.Stderr)
		}
		t.Fatalf("%s %s: %v\n%s", s.script, cmd, err, msg)
	}
	return string(out)
}
