// Rewritten by deploy/Dockerfile from its LIAISON_COMMIT build argument; keep it one line.
let buildCommit = "unknown"
