// Command xdnddrop drops files on an X window the way a file manager does
// (the XDND protocol, version 5), so a real-window test can drag files
// onto Margin: xdotool moves the pointer but cannot carry data, and
// Debian 12 packages no command-line drag source.
//
//	DISPLAY=:N xdnddrop WINDOW X Y FILE...
//
// WINDOW is the target's X window id (decimal or 0x hex, as xdotool
// prints it), X and Y the drop point in root-window (screen)
// coordinates. It offers the files as text/uri-list, waits for the
// target to accept the position, drops, serves the selection the target
// asks for and waits for XdndFinished; it exits 1 with the step that
// failed (not XDND-aware, refused, no request, not finished in 10 s).
package main

/*
#cgo LDFLAGS: -lX11
#include <X11/Xlib.h>
#include <X11/Xatom.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <sys/time.h>

static Atom atom(Display *d, const char *name) { return XInternAtom(d, name, False); }

static void send(Display *d, Window to, Atom type, long l0, long l1, long l2, long l3, long l4) {
	XEvent e;
	memset(&e, 0, sizeof e);
	e.xclient.type = ClientMessage;
	e.xclient.display = d;
	e.xclient.window = to;
	e.xclient.message_type = type;
	e.xclient.format = 32;
	e.xclient.data.l[0] = l0;
	e.xclient.data.l[1] = l1;
	e.xclient.data.l[2] = l2;
	e.xclient.data.l[3] = l3;
	e.xclient.data.l[4] = l4;
	XSendEvent(d, to, False, NoEventMask, &e);
	XFlush(d);
}

// next waits up to ms milliseconds for an event; 0 on timeout.
static int next(Display *d, XEvent *e, int ms) {
	struct timeval end, now;
	gettimeofday(&end, NULL);
	end.tv_sec += ms / 1000;
	end.tv_usec += (ms % 1000) * 1000;
	for (;;) {
		if (XPending(d)) {
			XNextEvent(d, e);
			return 1;
		}
		gettimeofday(&now, NULL);
		long left = (end.tv_sec - now.tv_sec) * 1000 + (end.tv_usec - now.tv_usec) / 1000;
		if (left <= 0)
			return 0;
		int fd = ConnectionNumber(d);
		fd_set fds;
		FD_ZERO(&fds);
		FD_SET(fd, &fds);
		struct timeval tv = {left / 1000, (left % 1000) * 1000};
		select(fd + 1, &fds, NULL, NULL, &tv);
	}
}

// drop runs the XDND exchange; it returns NULL or the step that failed.
static const char *drop(Window target, int x, int y, const char *uris) {
	Display *d = XOpenDisplay(NULL);
	if (!d)
		return "cannot open the display ($DISPLAY)";
	Atom aware = atom(d, "XdndAware"), selection = atom(d, "XdndSelection"),
	     enter = atom(d, "XdndEnter"), position = atom(d, "XdndPosition"),
	     status = atom(d, "XdndStatus"), dropped = atom(d, "XdndDrop"),
	     finished = atom(d, "XdndFinished"), leave = atom(d, "XdndLeave"),
	     copy = atom(d, "XdndActionCopy"), urilist = atom(d, "text/uri-list");

	Atom type;
	int format;
	unsigned long n, after;
	unsigned char *prop = NULL;
	if (XGetWindowProperty(d, target, aware, 0, 1, False, AnyPropertyType, &type, &format, &n, &after, &prop) != Success || n == 0)
		return "the window is not XDND-aware (no XdndAware property)";
	long version = *(long *)prop;
	XFree(prop);
	if (version > 5)
		version = 5;

	Window src = XCreateSimpleWindow(d, DefaultRootWindow(d), 0, 0, 1, 1, 0, 0, 0);
	XSetSelectionOwner(d, selection, src, CurrentTime);
	if (XGetSelectionOwner(d, selection) != src)
		return "could not own XdndSelection";

	send(d, target, enter, src, version << 24, urilist, None, None);
	send(d, target, position, src, 0, ((long)x << 16) | (y & 0xffff), CurrentTime, copy);

	XEvent e;
	int accepted = 0, served = 0;
	for (;;) {
		if (!next(d, &e, 10000)) {
			if (!accepted) {
				send(d, target, leave, src, 0, 0, 0, 0);
				return "no XdndStatus from the window in 10 s";
			}
			return served ? "no XdndFinished in 10 s" : "the window never asked for the dropped data";
		}
		if (e.type == ClientMessage && e.xclient.message_type == status && !accepted) {
			if (!(e.xclient.data.l[1] & 1)) {
				send(d, target, leave, src, 0, 0, 0, 0);
				return "the window refused the drop (XdndStatus without accept)";
			}
			accepted = 1;
			send(d, target, dropped, src, 0, CurrentTime, 0, 0);
		} else if (e.type == SelectionRequest) {
			XSelectionRequestEvent *r = &e.xselectionrequest;
			XEvent reply;
			memset(&reply, 0, sizeof reply);
			reply.xselection.type = SelectionNotify;
			reply.xselection.display = d;
			reply.xselection.requestor = r->requestor;
			reply.xselection.selection = r->selection;
			reply.xselection.target = r->target;
			reply.xselection.time = r->time;
			reply.xselection.property = None;
			if (r->selection == selection && r->target == urilist) {
				Atom p = r->property != None ? r->property : r->target;
				XChangeProperty(d, r->requestor, p, urilist, 8, PropModeReplace, (const unsigned char *)uris, strlen(uris));
				reply.xselection.property = p;
				served = 1;
			}
			XSendEvent(d, r->requestor, False, NoEventMask, &reply);
			XFlush(d);
		} else if (e.type == ClientMessage && e.xclient.message_type == finished) {
			XCloseDisplay(d);
			return served ? NULL : "XdndFinished before the window read the data";
		}
	}
}
*/
import "C"

import (
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"unsafe"
)

func main() {
	if len(os.Args) < 5 {
		fmt.Fprintln(os.Stderr, "usage: xdnddrop WINDOW X Y FILE...")
		os.Exit(2)
	}
	win, err := strconv.ParseUint(os.Args[1], 0, 32)
	if err != nil {
		fail("window id %q: %v", os.Args[1], err)
	}
	x, errX := strconv.Atoi(os.Args[2])
	y, errY := strconv.Atoi(os.Args[3])
	if errX != nil || errY != nil {
		fail("drop point %q %q: want screen pixels", os.Args[2], os.Args[3])
	}
	// text/uri-list (RFC 2483): one file URI a line, CRLF-terminated.
	var list strings.Builder
	for _, p := range os.Args[4:] {
		abs, err := filepath.Abs(p)
		if err != nil {
			fail("%s: %v", p, err)
		}
		list.WriteString((&url.URL{Scheme: "file", Path: abs}).String() + "\r\n")
	}
	cs := C.CString(list.String())
	defer C.free(unsafe.Pointer(cs))
	if msg := C.drop(C.Window(win), C.int(x), C.int(y), cs); msg != nil {
		fail("drop on window %s: %s", os.Args[1], C.GoString(msg))
	}
}

func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "xdnddrop: "+format+"\n", args...)
	os.Exit(1)
}
