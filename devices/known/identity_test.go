package known

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"benchtop/devices/midi/assemble"
)

func identityOf(t *testing.T, raw []byte) assemble.Identity {
	t.Helper()
	evs, _ := assemble.New().Feed(0, raw)
	if len(evs) != 1 || evs[0].Kind != assemble.KindIdentity {
		t.Fatalf("not an identity reply: % X", raw)
	}
	return *evs[0].Identity
}

// The replies the cards publish, captured from real devices, match their
// cards; found without a card, they name the device.
func TestRealRepliesMatchTheirCards(t *testing.T) {
	for file, card := range map[string]*Card{
		"akai-lpk25-identity.syx":    &akaiLPK25,
		"akai-lpd8-identity.syx":     &akaiLPD8,
		"akai-mpkmini2-identity.syx": &akaiMPKMini2,
	} {
		raw, err := os.ReadFile(filepath.Join("..", "midi", "testdata", "real", file))
		if err != nil {
			t.Fatal(err)
		}
		id := identityOf(t, raw)
		if c := CheckIdentity(card, id); c.Verdict != IdentityMatch || !strings.HasPrefix(c.Text, "Match: as published for the "+card.Name+" (maker 47 (Akai), family ") {
			t.Errorf("%s: %+v", file, c)
		}
		if c := CheckIdentity(nil, id); c.Verdict != IdentityMatch || c.Card == nil || c.Card.Name != card.Name {
			t.Errorf("%s without a card: %+v", file, c)
		}
	}
	// jazz-soft/JZZ-midi-Gear issue #11, as posted
	pss := identityOf(t, []byte{0xf0, 0x7e, 0x7f, 0x06, 0x02, 0x43, 0x00, 0x44, 0x27, 0x1f, 0x00, 0x00, 0x00, 0x7f, 0xf7})
	if c := CheckIdentity(nil, pss); c.Card == nil || c.Card.Name != "Yamaha PSS-A50" {
		t.Fatalf("%+v", c)
	}
}

func TestIdentityMismatchVersionAndUnpublished(t *testing.T) {
	lpd8, _ := os.ReadFile(filepath.Join("..", "midi", "testdata", "real", "akai-lpd8-identity.syx"))
	id := identityOf(t, lpd8)
	c := CheckIdentity(&akaiLPK25, id)
	if c.Verdict != IdentityMismatch || c.Text != "Mismatch: not as published for the Akai LPK25 (family 75 00, published 76 00)." {
		t.Fatalf("%+v", c)
	}
	other := id
	other.Version = "00 00 67 00"
	if c := CheckIdentity(&akaiLPD8, other); c.Verdict != IdentityMatch ||
		c.Text != "Match: as published for the Akai LPD8, but version 00 00 67 00, published 00 00 66 7F (other firmware)." {
		t.Fatalf("%+v", c)
	}
	c = CheckIdentity(Lookup("1acc", "1533"), id)
	if c.Verdict != IdentityNotPublished || !strings.HasPrefix(c.Text, "Nothing to compare: no identity reply is published for the AWS DeepComposer / MIDIPLUS AKM322, 32 keys. It says maker 47 (Akai)") {
		t.Fatalf("%+v", c)
	}
	nobody := identityOf(t, []byte{0xf0, 0x7e, 0x00, 0x06, 0x02, 0x00, 0x21, 0x4e, 0x01, 0x00, 0x02, 0x00, 0x01, 0x00, 0x00, 0x00, 0xf7})
	if c := CheckIdentity(nil, nobody); c.Verdict != IdentityUnknown || c.Card != nil ||
		c.Text != "No known device publishes this reply: maker 00 21 4E (Dongguan MIDIPLUS Co., LTD), family 01 00, model 02 00, version 01 00 00 00." {
		t.Fatalf("%+v", c)
	}
	if s := akaiLPD8.Identity.String(); s != "maker 47 (Akai), family 75 00, model 19 00, version 00 00 66 7F" {
		t.Fatal(s)
	}
	if AKM322.Identity != nil || !strings.HasPrefix(AKM322.IdentityNote, "Identity reply not published") {
		t.Fatal("the AKM322's reply is not published: no expectation may be invented")
	}
}

func TestNewCardsFoundByIDAndPort(t *testing.T) {
	if c := Lookup("09E8", "0076"); c == nil || c.Name != "Akai LPK25" {
		t.Fatalf("%+v", c)
	}
	if c := ByPortName("MPK Mini Mk II:MPK Mini Mk II MIDI 1 20:0"); c == nil || c.Name != "Akai MPK mini mk2" {
		t.Fatalf("%+v", c)
	}
	if c := ByPortName("Digital Keyboard:Digital Keyboard MIDI 1 24:0"); c != nil {
		t.Fatalf("a Yamaha port name is no one model's: %+v", c)
	}
}
