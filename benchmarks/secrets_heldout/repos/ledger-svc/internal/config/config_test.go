package config

import "testing"

const testToken = "ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"

func TestLoadReadsEnv(t *testing.T) {
	t.Setenv("LEDGER_DB_PASSWORD", "not-a-real-password")
	cfg, err := Load()
	if err != nil || cfg.DBPassword != "not-a-real-password" {
		t.Fatalf("Load() = %+v, %v", cfg, err)
	}
}
