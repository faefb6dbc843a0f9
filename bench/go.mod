module github.com/gotickets/tickets/bench

go 1.26.0

require (
	aidanwoods.dev/go-paseto v1.6.0
	filippo.io/bigmod v0.1.0
	github.com/fernet/fernet-go v0.0.0-20240119011108-303da6aec611
	github.com/golang-jwt/jwt/v5 v5.3.1
	github.com/gorilla/securecookie v1.1.2
	github.com/gotickets/tickets v0.0.0-00010101000000-000000000000
	github.com/vmihailenco/msgpack/v5 v5.4.1
	golang.org/x/sys v0.49.0
)

require (
	aidanwoods.dev/go-result v0.3.1 // indirect
	github.com/klauspost/compress v1.20.3 // indirect
	github.com/vmihailenco/tagparser/v2 v2.0.0 // indirect
	golang.org/x/crypto v0.58.0 // indirect
)

replace github.com/gotickets/tickets => ../
