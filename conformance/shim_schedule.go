package conformance

import (
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/livemesh-spec/livemesh/wire"
)

// ScheduleImpl is the handshake key schedule of an implementation (spec/p2p.md §15; the
// shim's p2p.schedule operation): the secrets of a handshake from its inputs, so that a
// schedule bug shows as the secret that differs rather than as a Finished that fails.
type ScheduleImpl interface {
	// KeySchedule returns the handshake and traffic secrets of in, and the Finished MACs of
	// both handshake secrets over in.FinishedHash; a *Refusal when an input has the wrong
	// length; or ErrUnimplemented.
	KeySchedule(in ScheduleInput) (*ScheduleOutput, error)
}

// ScheduleInput are the inputs of the key schedule, each 32 bytes.
type ScheduleInput struct {
	PreMaster, ClientNonce, ServerNonce []byte
	H1                                  []byte // the transcript hash through key_exchange
	H3                                  []byte // the transcript hash through the server's Finished
	FinishedHash                        []byte // any transcript hash, for the Finished MACs
}

// ScheduleOutput are the secrets of spec/p2p.md §15 and two Finished MACs ([P2P-HS-11]).
type ScheduleOutput struct {
	ClientHandshake, ServerHandshake []byte
	ClientTraffic, ServerTraffic     []byte
	ClientFinished, ServerFinished   []byte // FinishedMAC(client_hs / server_hs, FinishedHash)
}

type scheduleArgs struct {
	PreMasterHex    string `json:"preMasterHex"`
	ClientNonceHex  string `json:"clientNonceHex"`
	ServerNonceHex  string `json:"serverNonceHex"`
	H1Hex           string `json:"h1Hex"`
	H3Hex           string `json:"h3Hex"`
	FinishedHashHex string `json:"finishedHashHex"`
}

type scheduleAnswer struct {
	ClientHandshakeHex string `json:"clientHandshakeHex"`
	ServerHandshakeHex string `json:"serverHandshakeHex"`
	ClientTrafficHex   string `json:"clientTrafficHex"`
	ServerTrafficHex   string `json:"serverTrafficHex"`
	ClientFinishedHex  string `json:"clientFinishedHex"`
	ServerFinishedHex  string `json:"serverFinishedHex"`
}

func init() {
	shimOps["p2p.schedule"] = shimOp{
		offered: func(impl Impl) bool { _, ok := impl.(ScheduleImpl); return ok },
		serve: func(impl Impl, raw json.RawMessage) (any, error) {
			var a scheduleArgs
			if err := json.Unmarshal(raw, &a); err != nil {
				return nil, fmt.Errorf("%w: %v", errBadArgs, err)
			}
			b, err := unhexArgs(map[string]string{"preMasterHex": a.PreMasterHex, "clientNonceHex": a.ClientNonceHex,
				"serverNonceHex": a.ServerNonceHex, "h1Hex": a.H1Hex, "h3Hex": a.H3Hex, "finishedHashHex": a.FinishedHashHex})
			if err != nil {
				return nil, err
			}
			out, err := impl.(ScheduleImpl).KeySchedule(ScheduleInput{PreMaster: b["preMasterHex"], ClientNonce: b["clientNonceHex"],
				ServerNonce: b["serverNonceHex"], H1: b["h1Hex"], H3: b["h3Hex"], FinishedHash: b["finishedHashHex"]})
			if err != nil {
				return nil, err
			}
			h := hex.EncodeToString
			return scheduleAnswer{h(out.ClientHandshake), h(out.ServerHandshake), h(out.ClientTraffic), h(out.ServerTraffic),
				h(out.ClientFinished), h(out.ServerFinished)}, nil
		},
	}
}

// KeySchedule forwards p2p.schedule.
func (c *ShimClient) KeySchedule(in ScheduleInput) (*ScheduleOutput, error) {
	h := hex.EncodeToString
	var a scheduleAnswer
	if err := c.callArgs("p2p.schedule", scheduleArgs{h(in.PreMaster), h(in.ClientNonce), h(in.ServerNonce), h(in.H1), h(in.H3), h(in.FinishedHash)}, &a); err != nil {
		return nil, err
	}
	var out ScheduleOutput
	var errs [6]error
	out.ClientHandshake, errs[0] = unhexAnswer("p2p.schedule", "clientHandshakeHex", a.ClientHandshakeHex)
	out.ServerHandshake, errs[1] = unhexAnswer("p2p.schedule", "serverHandshakeHex", a.ServerHandshakeHex)
	out.ClientTraffic, errs[2] = unhexAnswer("p2p.schedule", "clientTrafficHex", a.ClientTrafficHex)
	out.ServerTraffic, errs[3] = unhexAnswer("p2p.schedule", "serverTrafficHex", a.ServerTrafficHex)
	out.ClientFinished, errs[4] = unhexAnswer("p2p.schedule", "clientFinishedHex", a.ClientFinishedHex)
	out.ServerFinished, errs[5] = unhexAnswer("p2p.schedule", "serverFinishedHex", a.ServerFinishedHex)
	if err := errors.Join(errs[:]...); err != nil {
		return nil, err
	}
	return &out, nil
}

// KeySchedule runs package wire's key schedule. Every input must be 32 bytes: the pre-master
// secret ([P2P-HS-8]), the nonces ([P2P-HS-4]) and the SHA-256 transcript hashes.
func (Reference) KeySchedule(in ScheduleInput) (*ScheduleOutput, error) {
	for _, f := range []struct {
		name string
		b    []byte
		req  string
	}{{"pre-master secret", in.PreMaster, "P2P-HS-8"}, {"client nonce", in.ClientNonce, "P2P-HS-4"}, {"server nonce", in.ServerNonce, "P2P-HS-4"},
		{"h1", in.H1, "P2P-HS-12"}, {"h3", in.H3, "P2P-HS-12"}, {"finished hash", in.FinishedHash, "P2P-HS-11"}} {
		if len(f.b) != 32 {
			return nil, &Refusal{Class: "invalid-input", Req: f.req, Msg: fmt.Sprintf("%s: %d bytes, want 32", f.name, len(f.b))}
		}
	}
	s := wire.NewSchedule(in.PreMaster, in.ClientNonce, in.ServerNonce, in.H1)
	ct, st := s.TrafficSecrets(in.H3)
	return &ScheduleOutput{
		ClientHandshake: s.ClientHandshake, ServerHandshake: s.ServerHandshake,
		ClientTraffic: ct, ServerTraffic: st,
		ClientFinished: wire.FinishedMAC(s.ClientHandshake, in.FinishedHash),
		ServerFinished: wire.FinishedMAC(s.ServerHandshake, in.FinishedHash),
	}, nil
}

var _ ScheduleImpl = Reference{}
