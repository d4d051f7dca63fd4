package coding

// Version is Marginalia's version (FyneApp.toml gives the same), cited by
// reports such as the methods paragraph.
const Version = "0.1.0"
