package conformance

import (
	"testing"
)

// wrongAll answers every operation wrongly: where the reference answers, it refuses (under a
// requirement ID no spec defines); where the reference refuses, it answers an empty result.
// Every case that compares at least one answer with what the spec says must fail against it.
type wrongAll struct{ ref Reference }

var wrongRefusal = &Refusal{Class: "wrong", Req: "WRONG-ANSWER-1", Msg: "wrong on purpose"}

func (wrongAll) Name() string { return "wrong-all" }

func (w wrongAll) Ident(op, in, other string) (map[string]any, error) {
	if _, err := w.ref.Ident(op, in, other); err == nil {
		return nil, wrongRefusal
	}
	return map[string]any{}, nil
}

func (w wrongAll) DecodeFeed(doc []byte) (*DecodedFeed, error) {
	if _, err := w.ref.DecodeFeed(doc); err == nil {
		return nil, wrongRefusal
	}
	return &DecodedFeed{Format: "atom"}, nil
}

func (w wrongAll) FeedOp(op FeedOp) (*FeedOpResult, error) {
	if _, err := w.ref.FeedOp(op); err == nil {
		return nil, wrongRefusal
	}
	return &FeedOpResult{}, nil
}

func (w wrongAll) VerifyTicket(p TicketPolicy, prior [][]byte, ticket []byte) (any, error) {
	if _, err := w.ref.VerifyTicket(p, prior, ticket); err == nil {
		return nil, wrongRefusal
	}
	return map[string]any{}, nil
}

func (w wrongAll) DeriveKeys(secret []byte) (RecordKeys, error) {
	if _, err := w.ref.DeriveKeys(secret); err == nil {
		return RecordKeys{}, wrongRefusal
	}
	return RecordKeys{}, nil
}

func (w wrongAll) SealRecord(secret []byte, seq uint64, typ int, plaintext []byte) ([]byte, error) {
	if _, err := w.ref.SealRecord(secret, seq, typ, plaintext); err == nil {
		return nil, wrongRefusal
	}
	return []byte{}, nil
}

func (w wrongAll) OpenRecord(secret []byte, seq uint64, record []byte) (int, []byte, error) {
	if _, _, err := w.ref.OpenRecord(secret, seq, record); err == nil {
		return 0, nil, wrongRefusal
	}
	return 0, []byte{}, nil
}

func (w wrongAll) OpenStream(secret, stream []byte) ([]byte, error) {
	if _, err := w.ref.OpenStream(secret, stream); err == nil {
		return nil, wrongRefusal
	}
	return []byte{}, nil
}

func (w wrongAll) ServeHandshake(h ServerHandshake) ([]byte, error) {
	if _, err := w.ref.ServeHandshake(h); err == nil {
		return nil, wrongRefusal
	}
	return []byte{}, nil
}

func (w wrongAll) ParseHandshake(msg []byte, modulusLen int) (*HandshakeMessage, error) {
	if _, err := w.ref.ParseHandshake(msg, modulusLen); err == nil {
		return nil, wrongRefusal
	}
	return &HandshakeMessage{}, nil
}

// TestEveryCaseCanFail runs every case against an implementation whose every answer is
// wrong: a case that still passes compares nothing and proves nothing.
func TestEveryCaseCanFail(t *testing.T) {
	all, err := Cases()
	if err != nil {
		t.Fatal(err)
	}
	t.Run("[CONF-CODEC-2] every vector and codec case fails against an implementation whose every answer is wrong", func(t *testing.T) {
		rep := Run(wrongAll{}, all, Options{Property: PropertyConfig{Seed: 1, Checks: 10, ShrinkTime: 100e6}}, nil)
		for _, r := range rep.Results {
			if r.Case.ID == "vectors/keys/manifest" { // checks the vector tree, not an implementation
				continue
			}
			if r.Verdict != Fail {
				t.Errorf("%s: %s against wrong-all %q", r.Case.ID, r.Verdict, r.Messages)
			}
		}
	})
}

func (w wrongAll) KeySchedule(in ScheduleInput) (*ScheduleOutput, error) {
	if _, err := w.ref.KeySchedule(in); err == nil {
		return nil, wrongRefusal
	}
	return &ScheduleOutput{}, nil
}

func (w wrongAll) EncodeFeed(doc []byte) ([]byte, error) {
	if _, err := w.ref.EncodeFeed(doc); err == nil {
		return nil, wrongRefusal
	}
	return []byte{}, nil
}
