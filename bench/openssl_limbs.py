#!/usr/bin/env python3
"""Shows what OpenSSL's constant-time DH exponentiation costs as a function of
the private exponent's length.

OpenSSL's BN_mod_exp_mont_consttime processes every bit of the exponent's
64-bit words (bits = p->top * BN_BITS2), so an exponent's cost should depend
on its number of words, not its bit length: a 225-bit exponent (what OpenSSL
draws for ffdhe2048) should cost what a 256-bit one does. This times
EVP_PKEY_derive, through Python's cryptography package, for exponents of
several lengths on ffdhe2048, interleaved, in process CPU time.

Usage: python3 bench/openssl_limbs.py   (needs python3-cryptography)
"""

import secrets
import ssl
import time

from cryptography.hazmat.primitives.asymmetric import dh

# RFC 7919 ffdhe2048.
P = int(
    "FFFFFFFFFFFFFFFFADF85458A2BB4A9AAFDC5620273D3CF1D8B9C583CE2D3695"
    "A9E13641146433FBCC939DCE249B3EF97D2FE363630C75D8F681B202AEC4617A"
    "D3DF1ED5D5FD65612433F51F5F066ED0856365553DED1AF3B557135E7F57C935"
    "984F0C70E0E68B77E2A689DAF3EFE8721DF158A136ADE73530ACCA4F483A797A"
    "BC0AB182B324FB61D108A94BB2C8E3FBB96ADAB760D7F4681D4F42A3DE394DF4"
    "AE56EDE76372BB190B07A7C8EE0A6D709E02FCE1CDF7E2ECC03404CD28342F61"
    "9172FE9CE98583FF8E4F1232EEF28183C3FE3B1B4C6FAD733BB5FCBC2EC22005"
    "C58EF1837D1683B2C6F34A26C1B2EFFA886B423861285C97FFFFFFFFFFFFFFFF",
    16,
)
LENGTHS = [192, 193, 225, 256, 257]
KEYS_PER_LENGTH = 8
ROUNDS = 20


def main():
    numbers = dh.DHParameterNumbers(P, 2)
    peer = numbers.parameters().generate_private_key().public_key()

    def key(bits):
        x = secrets.randbits(bits) | (1 << (bits - 1))
        pub = dh.DHPublicNumbers(pow(2, x, P), numbers)
        return dh.DHPrivateNumbers(x, pub).private_key()

    keys = {b: [key(b) for _ in range(KEYS_PER_LENGTH)] for b in LENGTHS}
    total = dict.fromkeys(LENGTHS, 0.0)
    for rnd in range(ROUNDS):
        for b in LENGTHS if rnd % 2 == 0 else LENGTHS[::-1]:
            start = time.process_time()
            for k in keys[b]:
                k.exchange(peer)
            total[b] += time.process_time() - start
    n = ROUNDS * KEYS_PER_LENGTH
    ref = total[256] / n
    print(f"{ssl.OPENSSL_VERSION}, ffdhe2048, {n} derives per length, CPU time")
    for b in LENGTHS:
        per = total[b] / n
        print(f"{b:4d}-bit exponent, {(b + 63) // 64} words: {per * 1e6:6.0f} us  ({per / ref:.2f}x the 256-bit one)")


if __name__ == "__main__":
    main()
