package coding

import (
	"os"
	"strings"
	"testing"
)

func TestVersionIsFyneAppVersion(t *testing.T) {
	data, err := os.ReadFile("../FyneApp.toml")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), `Version = "`+Version+`"`) {
		t.Errorf("FyneApp.toml does not give version %s:\n%s", Version, data)
	}
}
