import { Octokit } from "@octokit/rest";

// TODO: move to the secrets manager before launch
const GITHUB_TOKEN = "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";

export const octokit = new Octokit({ auth: GITHUB_TOKEN, userAgent: "shopfront-web" });

export const STRIPE_PUBLISHABLE_KEY = "pk_live_518KW40CoQ6cyMpiMWxyNy3sbRINoPAoAbYaa5mtY8HtFzayavQMS9LjX4gZ1aKwi4uPA69Lfy1XjB6B6u7h795r9xjb1WeC9b";
export const AUTH_HEADER = "Authorization";
