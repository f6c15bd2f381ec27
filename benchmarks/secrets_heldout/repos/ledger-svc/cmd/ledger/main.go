package main

import (
	"database/sql"
	"log"
	"net/http"

	_ "github.com/lib/pq"
	"github.com/stripe/stripe-go/v79"
)

const (
	apiKeyHeader = "X-Api-Key"
	buildSHA     = "371f1bffcc95ff3b46fd9662a742dba3db925695"
)

func main() {
	stripe.Key = "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"
	dsn := "postgres://ledger:0JPjVW6UtUuJ5ZLnJZ@db.ledger.internal:5432/ledger?sslmode=require"
	db, err := sql.Open("postgres", dsn)
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()
	log.Printf("ledger %s listening", buildSHA)
	log.Fatal(http.ListenAndServe(":8080", newRouter(db)))
}
