package testvectors

// The two external authtkt vector files, read by the authtkt, httpauth and
// fuzz tests alike. Load rejects unknown fields, so these types and the
// files cannot drift apart silently.

// TicketAuthFile is ticket_auth_vectors.json: tickets made and validated by
// Python's ticket_auth 0.1.4 itself. Read it with LoadTicketAuth.
type TicketAuthFile struct {
	Source         string             `json:"source"`
	FormatNotes    []string           `json:"format_notes"`
	Vectors        []TicketAuthVector `json:"vectors"`
	ExpiryBoundary []TicketAuthExpiry `json:"expiry_boundary"`
}

// TicketAuthVector is one ticket ticket_auth made, with the intermediate
// values of its digest and ticket_auth's verdict on it.
type TicketAuthVector struct {
	Name           string   `json:"name"`
	SecretHex      string   `json:"secret_hex"`
	HashAlg        string   `json:"hashalg"`
	UserID         string   `json:"user_id"`
	ValidUntil     int64    `json:"valid_until"`
	ClientIP       *string  `json:"client_ip"` // nil: made without an address
	Tokens         []string `json:"tokens"`
	TokensArgGiven bool     `json:"tokens_arg_given"`
	UserData       string   `json:"user_data"`
	Ticket         string   `json:"ticket"`
	DigestHexLen   int      `json:"digest_hex_len"`
	Data0Hex       string   `json:"data0_hex"`
	Data1Hex       string   `json:"data1_hex"`
	InnerDigestHex string   `json:"inner_digest_hex"`
	// ValidatedWithClientIP and ValidatedAt (Python time.time(), to the
	// microsecond) are how ticket_auth validated Ticket; Accepted, Error
	// and Parsed are what it answered.
	ValidatedWithClientIP *string           `json:"validated_with_client_ip"`
	ValidatedAt           float64           `json:"validated_at"`
	Accepted              bool              `json:"accepted"`
	Note                  string            `json:"note"`
	Error                 *PythonError      `json:"error"`
	Parsed                *TicketAuthParsed `json:"parsed"`
}

// TicketAuthParsed is what ticket_auth's validate returned for an accepted
// ticket.
type TicketAuthParsed struct {
	Digest     string   `json:"digest"`
	UserID     string   `json:"user_id"`
	Tokens     []string `json:"tokens"`
	UserData   string   `json:"user_data"`
	ValidUntil int64    `json:"valid_until"`
}

// TicketAuthExpiry is ticket_auth's verdict on one ticket at one instant
// (Python time.time()) around its expiry.
type TicketAuthExpiry struct {
	Ticket   string       `json:"ticket"`
	Now      float64      `json:"now"`
	Accepted bool         `json:"accepted"`
	Error    *PythonError `json:"error"`
}

// PythonError is an exception a Python original raised: its qualified type
// name and its str().
type PythonError struct {
	Type string `json:"type"`
	Str  string `json:"str"`
}

// LoadTicketAuth reads ticket_auth_vectors.json.
func LoadTicketAuth() (*TicketAuthFile, error) {
	var f TicketAuthFile
	if err := Load("ticket_auth_vectors.json", &f); err != nil {
		return nil, err
	}
	return &f, nil
}

// ModAuthTktFile is mod_auth_tkt_vectors.json: tickets the real Apache
// mod_auth_tkt accepted. Read it with LoadModAuthTkt.
type ModAuthTktFile struct {
	Source      string             `json:"source"`
	FormatNotes []string           `json:"format_notes"`
	Vectors     []ModAuthTktVector `json:"vectors"`
}

// ModAuthTktVector is one ticket with the intermediate values of its
// digest, and what Apache answered for it (with TKTAuthTimeout 0) at
// ApacheLocation: the status for the base64 and the raw cookie, and the
// REMOTE_USER, REMOTE_USER_TOKENS and REMOTE_USER_DATA it set.
type ModAuthTktVector struct {
	DigestType            string `json:"digest_type"` // TKTAuthDigestType: MD5, SHA256 or SHA512
	Secret                string `json:"secret"`
	UID                   string `json:"uid"`
	IP                    string `json:"ip"` // 0.0.0.0: not bound
	TS                    int64  `json:"ts"`
	Tokens                string `json:"tokens"` // comma-joined
	UserData              string `json:"user_data"`
	IPTStampHex           string `json:"iptstamp_hex"`
	Digest0Hex            string `json:"digest0_hex"`
	DigestHex             string `json:"digest_hex"`
	Ticket                string `json:"ticket"`
	CookieBase64          string `json:"cookie_base64"`
	ApacheLocation        string `json:"apache_location"`
	ApacheStatusBase64    int    `json:"apache_status_base64_cookie"`
	ApacheStatusRaw       int    `json:"apache_status_raw_cookie"`
	ApacheRemoteUser      string `json:"apache_REMOTE_USER"`
	ApacheRemoteUserToken string `json:"apache_REMOTE_USER_TOKENS"`
	ApacheRemoteUserData  string `json:"apache_REMOTE_USER_DATA"`
}

// LoadModAuthTkt reads mod_auth_tkt_vectors.json.
func LoadModAuthTkt() (*ModAuthTktFile, error) {
	var f ModAuthTktFile
	if err := Load("mod_auth_tkt_vectors.json", &f); err != nil {
		return nil, err
	}
	return &f, nil
}
