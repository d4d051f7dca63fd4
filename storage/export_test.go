package storage

// InitTeamAt creates a team project at an older schema version, for the
// tests of `server upgrade`.
var InitTeamAt = initTeamAt
