package wire

import (
	"errors"
	"strconv"
)

// Alert is the one-byte code an alert record carries (spec/p2p.md §8, [P2P-ALERT-1]).
type Alert uint8

// Alert codes.
const (
	AlertCloseNotify      Alert = 0 // the sender has finished sending ([P2P-CLOSE-1])
	AlertBadRecord        Alert = 1 // the sender refused a record it received ([P2P-ALERT-2])
	AlertHandshakeFailure Alert = 2 // the handshake failed (spec/p2p.md part 2)
	AlertInternalError    Alert = 3 // the sender failed for a reason of its own
)

func (a Alert) String() string {
	switch a {
	case AlertCloseNotify:
		return "close_notify"
	case AlertBadRecord:
		return "bad_record"
	case AlertHandshakeFailure:
		return "handshake_failure"
	case AlertInternalError:
		return "internal_error"
	}
	return "alert(" + strconv.Itoa(int(a)) + ")"
}

// AlertError is what Read and Write return after the peer sent a fatal alert (any alert
// other than close_notify, [P2P-ALERT-4]); the connection is then closed.
type AlertError Alert

func (e AlertError) Error() string { return "wire: peer sent alert " + Alert(e).String() }

// RecordError is a record failure (spec/p2p.md §8). Req names the rule that failed, first
// in the check order of [P2P-ALERT-3]. The stateless functions return it; a [Conn] returns
// only [ErrBadRecord] whatever the rule, so that its peer learns nothing from the error.
// errors.Is(err, ErrBadRecord) holds for every RecordError.
type RecordError struct {
	Req string // requirement ID, for example "P2P-REC-6"
	Msg string // what failed, in a few words
}

func (e *RecordError) Error() string { return "wire: bad record [" + e.Req + "]: " + e.Msg }

// Is reports whether target is ErrBadRecord, so that every record failure matches it.
func (e *RecordError) Is(target error) bool { return target == ErrBadRecord }

// ErrBadRecord is the one error value a Conn returns for every record failure
// ([P2P-ALERT-2]): it has sent the bad_record alert and closed the transport.
var ErrBadRecord error = &RecordError{Req: reqUniform, Msg: "record refused"}

// The requirement IDs that record errors name.
const (
	reqFrameFormat  = "P2P-FRAME-1"
	reqFrameType    = "P2P-FRAME-2"
	reqFrameLength  = "P2P-FRAME-3"
	reqFrameRecord  = "P2P-FRAME-4"
	reqRecLength    = "P2P-REC-2"
	reqRecTag       = "P2P-REC-6"
	reqSeqLimit     = "P2P-SEQ-3"
	reqByteLimit    = "P2P-KU-3"
	reqKeyUpdate    = "P2P-KU-2"
	reqUniform      = "P2P-ALERT-2"
	reqPeerAlert    = "P2P-ALERT-4"
	reqTruncated    = "P2P-CLOSE-2"
	reqAfterClose   = "P2P-CLOSE-3"
	reqSecretLength = "P2P-KEY-1"
)

func recErr(req, msg string) *RecordError { return &RecordError{Req: req, Msg: msg} }

// Errors of the stateless functions and NewConn for secrets they cannot use.
var (
	ErrSecretLength = errors.New("wire: a traffic secret must be 32 bytes [P2P-KEY-1]")
	ErrSameSecrets  = errors.New("wire: the read and write traffic secrets must differ [P2P-KEY-3]")
)
