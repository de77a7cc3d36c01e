package wire

// Test hooks: lower limits, the rule behind a connection's uniform error, and a sealer
// without the sender's checks (to build records a conforming sender would never send).

func NewConnLimits(rw interface {
	Read([]byte) (int, error)
	Write([]byte) (int, error)
}, readSecret, writeSecret []byte, records, bytes uint64) (*Conn, error) {
	return newConn(rw, readSecret, writeSecret, limits{records, bytes})
}

// FailedReq returns the rule a connection's record failure broke ("" when none).
func (c *Conn) FailedReq() string {
	c.in.Lock()
	defer c.in.Unlock()
	if c.failed == nil {
		return ""
	}
	return c.failed.Req
}

// SealUnchecked seals any type and plaintext at seq, skipping every sender rule.
func SealUnchecked(secret []byte, seq uint64, t FrameType, plaintext []byte) []byte {
	s, err := newCipherState(secret, defaultLimits)
	if err != nil {
		panic(err)
	}
	s.seq = seq
	return s.seal(nil, t, plaintext)
}

// WriteSecret returns a copy of the connection's current write secret and sequence number.
func (c *Conn) WriteState() ([]byte, uint64) {
	c.out.Lock()
	defer c.out.Unlock()
	return append([]byte(nil), c.ws.secret[:]...), c.ws.seq
}

// OpenStreamLimits is OpenStream with lower limits.
func OpenStreamLimits(secret, stream []byte, records, bytes uint64) ([]byte, error) {
	s, err := newCipherState(secret, limits{records, bytes})
	if err != nil {
		return nil, err
	}
	return openStream(s, stream)
}
