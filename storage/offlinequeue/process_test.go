package offlinequeue

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/margin-app/margin/model"
)

// holderEnv makes the test binary a second window's process (TestMain):
// it opens the queue at the path the variable names, queues one edit,
// prints its file and holds it until its standard input closes.
const holderEnv = "MARGIN_QUEUE_TEST_HOLD"

func TestMain(m *testing.M) {
	if path := os.Getenv(holderEnv); path != "" {
		os.Exit(holdQueue(path))
	}
	os.Exit(m.Run())
}

func holdQueue(path string) int {
	q, err := OpenQueue(path)
	if err != nil {
		fmt.Println("error:", err)
		return 1
	}
	defer q.Close()
	if err := q.push(edit{ID: "e-other-process", Op: opSetStatus, DocID: 1, Annotator: "ann", Status: model.StatusDone}); err != nil {
		fmt.Println("error:", err)
		return 1
	}
	fmt.Println(q.Path())
	bufio.NewReader(os.Stdin).ReadString('\n') // until the parent closes it
	return 0
}

// TestTwoProcessesGetTwoQueues: a second window is a second process; it
// gets a queue file of its own, which this process cannot take while it
// runs, and which keeps its edit for the next window once it ends.
func TestTwoProcessesGetTwoQueues(t *testing.T) {
	path := filepath.Join(t.TempDir(), "offline", "x.queue")
	mine, err := OpenQueue(path)
	if err != nil {
		t.Fatal(err)
	}
	defer mine.Close()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), holderEnv+"="+path)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	line, err := bufio.NewReader(stdout).ReadString('\n')
	theirs := strings.TrimSpace(line)
	if err != nil || theirs == path || !strings.HasSuffix(theirs, ".queue") {
		stdin.Close()
		cmd.Wait()
		t.Fatalf("the other process's queue: %q (%v); this one holds %s", line, err, path)
	}
	if _, err := openFile(theirs); !errors.Is(err, ErrInUse) {
		t.Fatalf("the other process's queue file opened here while it runs: %v", err)
	}
	stdin.Close()
	if err := cmd.Wait(); err != nil {
		t.Fatalf("the other process: %v", err)
	}
	left, err := openFile(theirs)
	if err != nil {
		t.Fatal(err)
	}
	defer left.Close()
	list, err := left.waiting(context.Background())
	if err != nil || len(list) != 1 || list[0].edit.ID != "e-other-process" {
		t.Fatalf("the other process's edit after it ended: %+v %v", list, err)
	}
}
