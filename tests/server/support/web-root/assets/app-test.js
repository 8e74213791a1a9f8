// the test web root's one asset: the server serves it as a hashed, immutable file
