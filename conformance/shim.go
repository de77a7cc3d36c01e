package conformance

import (
	"bufio"
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"sync"
	"time"
)

// ShimFormat names the version of the shim protocol (spec/conformance.md §8, a sketch: only
// the identifier operations exist so far).
const ShimFormat = "livemesh-shim.v1"

// shimHello is the shim's first line.
type shimHello struct {
	Shim           string   `json:"shim"`
	Implementation string   `json:"implementation"`
	Ops            []string `json:"ops"`
}

// shimRequest is one request line: the operation's inputs are the members of args. Octet
// strings travel in hexadecimal, in members whose names end in "Hex".
type shimRequest struct {
	ID   int             `json:"id"`
	Op   string          `json:"op"`
	Args json.RawMessage `json:"args"`
}

// identArgs are the inputs of the ident.* operations.
type identArgs struct {
	InputHex string `json:"inputHex"`
	Other    string `json:"other,omitempty"`
}

// shimError is a refusal on the wire.
type shimError struct {
	Class   string `json:"class"`
	Req     string `json:"req"`
	Chunk   int    `json:"chunk,omitempty"`
	Message string `json:"message,omitempty"`
}

// shimAnswer is one answer line: exactly one of OK, Error and Unimplemented.
type shimAnswer struct {
	ID            int             `json:"id"`
	OK            json.RawMessage `json:"ok,omitempty"`
	Error         *shimError      `json:"error,omitempty"`
	Unimplemented bool            `json:"unimplemented,omitempty"`
}

// identOps are the identifier operations, named on the wire "ident." + op.
var identOps = []string{"device-id/from-spki", "device-id/parse", "device-id/verify-spki", "user-name/parse", "user-name/compare",
	"endpoint-id/parse", "sync-id/parse", "resource-id/parse", "ticket-id/parse"}

// ServeShim answers shim requests read from r with impl's operations, writing the hello line
// and then one answer per request to w, until r ends. It is the reference side of the shim
// protocol (meshconform shim).
func ServeShim(impl Impl, r io.Reader, w io.Writer) error {
	enc := json.NewEncoder(w)
	hello := shimHello{Shim: ShimFormat, Implementation: impl.Name(), Ops: []string{}}
	ii, hasIdent := impl.(IdentImpl)
	if hasIdent {
		for _, op := range identOps {
			hello.Ops = append(hello.Ops, "ident."+op)
		}
	}
	for _, name := range slices.Sorted(maps.Keys(shimOps)) {
		if shimOps[name].offered(impl) {
			hello.Ops = append(hello.Ops, name)
		}
	}
	if err := enc.Encode(hello); err != nil {
		return err
	}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 16<<20)
	for sc.Scan() {
		var req shimRequest
		if err := json.Unmarshal(sc.Bytes(), &req); err != nil {
			return fmt.Errorf("shim: request is not JSON: %v", err)
		}
		ans := shimAnswer{ID: req.ID}
		op, isIdent := strings.CutPrefix(req.Op, "ident.")
		serve, isOther := shimOps[req.Op]
		switch {
		case isIdent && hasIdent && slices.Contains(identOps, op):
			var a identArgs
			in, err := shimArgs(req, &a, &a.InputHex)
			if err != nil {
				return err
			}
			out, err := ii.Ident(op, string(in), a.Other)
			ans = answerOf(req.ID, out, err)
		case isOther && serve.offered(impl):
			out, err := serve.serve(impl, req.Args)
			if errors.Is(err, errBadArgs) {
				return fmt.Errorf("shim: request %d (%s): %v", req.ID, req.Op, err)
			}
			ans = answerOf(req.ID, out, err)
		default:
			ans.Unimplemented = true
		}
		if err := enc.Encode(ans); err != nil {
			return err
		}
	}
	return sc.Err()
}

// answerOf turns an operation's result into an answer line.
func answerOf(id int, out any, err error) shimAnswer {
	ans := shimAnswer{ID: id}
	var r *Refusal
	switch {
	case errors.Is(err, ErrUnimplemented):
		ans.Unimplemented = true
	case errors.As(err, &r):
		ans.Error = &shimError{Class: r.Class, Req: r.Req, Chunk: r.Chunk, Message: r.Msg}
	case err != nil:
		ans.Error = &shimError{Class: "unexpected", Message: err.Error()}
	default:
		data, merr := json.Marshal(out)
		if merr != nil {
			ans.Error = &shimError{Class: "unexpected", Message: merr.Error()}
		} else {
			ans.OK = data
		}
	}
	return ans
}

// DefaultShimTimeout is how long a ShimClient waits for the hello and for each answer.
const DefaultShimTimeout = 10 * time.Second

// ShimClient is an Impl that forwards every operation to a shim over a pair of streams
// (usually a subprocess's stdout and stdin). It offers the operations the shim's hello names.
type ShimClient struct {
	mu      sync.Mutex
	name    string
	ops     map[string]bool
	lines   <-chan shimLine
	out     *json.Encoder
	next    int
	timeout time.Duration
	err     error // the first transport error; every later call returns it

	traceMu sync.Mutex
	trace   io.Writer // when set, every exchange and stderr line is recorded here
}

// SetTrace makes the client record every request and answer line, and what TraceStderr is
// given, on w; nil stops.
func (c *ShimClient) SetTrace(w io.Writer) {
	c.traceMu.Lock()
	c.trace = w
	c.traceMu.Unlock()
}

// tracef writes one trace line when a trace is set.
func (c *ShimClient) tracef(format string, a ...any) {
	c.traceMu.Lock()
	defer c.traceMu.Unlock()
	if c.trace != nil {
		fmt.Fprintf(c.trace, format, a...)
	}
}

// TraceStderr records p, bytes the shim wrote on its stderr, in the current trace, and
// reports whether there was one (else the caller passes them on).
func (c *ShimClient) TraceStderr(p []byte) bool {
	c.traceMu.Lock()
	defer c.traceMu.Unlock()
	if c.trace == nil {
		return false
	}
	for _, line := range strings.SplitAfter(string(p), "\n") {
		if line != "" {
			fmt.Fprintf(c.trace, "stderr %s", line)
			if !strings.HasSuffix(line, "\n") {
				io.WriteString(c.trace, "\n")
			}
		}
	}
	return true
}

// shimLine is one line the shim wrote, or the error that ended its output (io.EOF when closed).
type shimLine struct {
	data []byte
	err  error
}

// readShimLines sends every line of r, then the error that ended it, then closes ch.
func readShimLines(r io.Reader, ch chan<- shimLine) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 16<<20)
	for sc.Scan() {
		ch <- shimLine{data: bytes.Clone(sc.Bytes())}
	}
	err := sc.Err()
	if err == nil {
		err = io.EOF
	}
	ch <- shimLine{err: err}
	close(ch)
}

// readLine waits for the next line for at most the timeout. what names it in errors.
func readLine(lines <-chan shimLine, timeout time.Duration, what string) ([]byte, error) {
	select {
	case l, ok := <-lines:
		switch {
		case !ok || errors.Is(l.err, io.EOF):
			return nil, fmt.Errorf("shim: no %s: the shim closed its output", what)
		case l.err != nil:
			return nil, fmt.Errorf("shim: reading %s: %w", what, l.err)
		}
		return l.data, nil
	case <-time.After(timeout):
		return nil, fmt.Errorf("shim: no %s within %v", what, timeout)
	}
}

// NewShimClient reads the shim's hello from r (waiting at most DefaultShimTimeout) and
// returns a client that writes requests to w.
func NewShimClient(r io.Reader, w io.Writer) (*ShimClient, error) {
	return NewShimClientTimeout(r, w, DefaultShimTimeout)
}

// NewShimClientTimeout is NewShimClient with another timeout for the hello and each answer.
func NewShimClientTimeout(r io.Reader, w io.Writer, timeout time.Duration) (*ShimClient, error) {
	lines := make(chan shimLine, 1)
	go readShimLines(r, lines)
	line, err := readLine(lines, timeout, "hello")
	if err != nil {
		return nil, err
	}
	var h shimHello
	if err := json.Unmarshal(line, &h); err != nil {
		return nil, fmt.Errorf("shim: hello is not JSON: %v", err)
	}
	if h.Shim != ShimFormat {
		return nil, fmt.Errorf("shim: hello names protocol %q, want %q", h.Shim, ShimFormat)
	}
	c := &ShimClient{name: h.Implementation, ops: map[string]bool{}, lines: lines, out: json.NewEncoder(w), timeout: timeout}
	if c.name == "" {
		c.name = "shim"
	}
	for _, op := range h.Ops {
		c.ops[op] = true
	}
	return c, nil
}

// Err returns the first transport error (the shim crashed, closed its output or answered out
// of protocol), or nil.
func (c *ShimClient) Err() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.err
}

// Offers reports whether the shim's hello names op.
func (c *ShimClient) Offers(op string) bool { return c.ops[op] }

// Name returns the implementation's name from the hello.
func (c *ShimClient) Name() string { return c.name }

// call sends one request and reads its answer.
func (c *ShimClient) call(req shimRequest) (json.RawMessage, error) {
	if !c.ops[req.Op] {
		return nil, fmt.Errorf("%w: the shim does not offer %s", ErrUnimplemented, req.Op)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.err != nil {
		return nil, c.err
	}
	c.next++
	req.ID = c.next
	fail := func(err error) (json.RawMessage, error) {
		c.err = err
		return nil, err
	}
	reqLine, err := json.Marshal(req)
	if err != nil {
		return fail(fmt.Errorf("shim: encoding request %d: %w", req.ID, err))
	}
	c.tracef("> %s\n", reqLine)
	if err := c.out.Encode(json.RawMessage(reqLine)); err != nil {
		return fail(fmt.Errorf("shim: writing request %d: %w", req.ID, err))
	}
	line, err := readLine(c.lines, c.timeout, fmt.Sprintf("answer to request %d (%s)", req.ID, req.Op))
	if err != nil {
		c.tracef("! %v\n", err)
		return fail(err)
	}
	c.tracef("< %s\n", line)
	var ans shimAnswer
	if err := json.Unmarshal(line, &ans); err != nil {
		return fail(fmt.Errorf("shim: answer to request %d is not JSON: %v", req.ID, err))
	}
	if ans.ID != req.ID {
		return fail(fmt.Errorf("shim: answer names request %d, want %d", ans.ID, req.ID))
	}
	switch {
	case ans.Unimplemented:
		return nil, fmt.Errorf("%w: the shim answers unimplemented to %s", ErrUnimplemented, req.Op)
	case ans.Error != nil:
		return nil, &Refusal{Class: ans.Error.Class, Req: ans.Error.Req, Chunk: ans.Error.Chunk, Msg: ans.Error.Message}
	case ans.OK != nil:
		return ans.OK, nil
	}
	return nil, fmt.Errorf("shim: answer %d has none of ok, error and unimplemented", req.ID)
}

// shimArgs decodes a request's args into a and the hex member *hexField into octets.
func shimArgs(req shimRequest, a any, hexField *string) ([]byte, error) {
	if err := json.Unmarshal(req.Args, a); err != nil {
		return nil, fmt.Errorf("shim: request %d (%s): args: %v", req.ID, req.Op, err)
	}
	b, err := hex.DecodeString(*hexField)
	if err != nil {
		return nil, fmt.Errorf("shim: request %d (%s): %v", req.ID, req.Op, err)
	}
	return b, nil
}

// callArgs sends a request with the given args and decodes its ok member into out.
func (c *ShimClient) callArgs(op string, args, out any) error {
	a, err := json.Marshal(args)
	if err != nil {
		return err
	}
	data, err := c.call(shimRequest{Op: op, Args: a})
	if err != nil {
		return err
	}
	if err := json.Unmarshal(data, out); err != nil {
		return fmt.Errorf("shim: %s: ok does not have the expected shape: %v", op, err)
	}
	return nil
}

// Ident forwards an identifier operation.
func (c *ShimClient) Ident(op, input, other string) (map[string]any, error) {
	a, _ := json.Marshal(identArgs{InputHex: hex.EncodeToString([]byte(input)), Other: other})
	data, err := c.call(shimRequest{Op: "ident." + op, Args: a})
	if err != nil {
		return nil, err
	}
	var out map[string]any
	if err := json.Unmarshal(data, &out); err != nil {
		return nil, fmt.Errorf("shim: %s: ok is not an object: %v", op, err)
	}
	return out, nil
}
