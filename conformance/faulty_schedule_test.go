package conformance

import (
	"crypto/hmac"
	"crypto/sha256"
)

// Faulty key schedules, each a local re-implementation of spec/p2p.md §15 with one slip.

type scheduleNoncesSwapped struct{ Reference }

func (scheduleNoncesSwapped) Name() string { return "faulty-p2p-schedule-nonces-swapped" }
func (scheduleNoncesSwapped) KeySchedule(in ScheduleInput) (*ScheduleOutput, error) {
	in.ClientNonce, in.ServerNonce = in.ServerNonce, in.ClientNonce
	return scheduleByHand(in), nil
}

type scheduleTrafficFromH1 struct{ Reference }

func (scheduleTrafficFromH1) Name() string { return "faulty-p2p-schedule-traffic-from-h1" }
func (scheduleTrafficFromH1) KeySchedule(in ScheduleInput) (*ScheduleOutput, error) {
	in.H3 = in.H1
	return scheduleByHand(in), nil
}

type scheduleFinishedUnlabelled struct{ Reference }

func (scheduleFinishedUnlabelled) Name() string { return "faulty-p2p-schedule-finished-unlabelled" }
func (scheduleFinishedUnlabelled) KeySchedule(in ScheduleInput) (*ScheduleOutput, error) {
	out := scheduleByHand(in)
	mac := func(key []byte) []byte {
		m := hmac.New(sha256.New, key)
		m.Write(in.FinishedHash)
		return m.Sum(nil)
	}
	out.ClientFinished, out.ServerFinished = mac(out.ClientHandshake), mac(out.ServerHandshake)
	return out, nil
}

func init() {
	faultyShims = append(faultyShims,
		faultyShim{scheduleNoncesSwapped{}, "the key schedule's salt is nonce_s || nonce_c",
			[]string{"codec/p2p/schedule/known-answer", "codec/p2p/schedule/matches-reference"}},
		faultyShim{scheduleTrafficFromH1{}, "the traffic secrets are bound to h1, the transcript through key_exchange, instead of h3",
			[]string{"codec/p2p/schedule/known-answer", "codec/p2p/schedule/binding", "codec/p2p/schedule/matches-reference"}},
		faultyShim{scheduleFinishedUnlabelled{}, "the Finished MAC is keyed with the handshake secret itself, not the finished key expanded from it",
			[]string{"codec/p2p/schedule/known-answer", "codec/p2p/schedule/matches-reference"}},
	)
}
