"""Pipeline files in, exact (rule, line) pairs out, for every CI rule and platform."""

from __future__ import annotations

import textwrap

import pytest

from scanner import masking
from scanner.analyzers.ci.pipeline_analyzer import PipelineAnalyzer
from scanner.configuration import Config
from scanner.engine import scan_text
from scanner.model import Evidence, FileKind, NotificationKind, Rule

CI_RULES = {"CI001", "CI002", "CI003", "CI004", "CI005", "CI006"}
GHA = ".github/workflows/ci.yml"
HEAD = "on: [push]\npermissions:\n  contents: read\njobs:\n  a:\n    runs-on: ubuntu-latest\n"


def published_evidence(secret: str) -> Evidence:
    """What a report says of a secret when no organisation salt is set: no digest."""
    return Evidence(masking.mask(secret), len(secret), digest="")


def reported(
    rules: tuple[Rule, ...], path: str, code: str, **params: object
) -> list[tuple[str, int]]:
    config = Config(rule_parameters={"CI001": dict(params)}) if params else Config()
    outcome = scan_text(path, textwrap.dedent(code), config, rules)
    return sorted((f.rule_id, f.location.line) for f in outcome.findings if f.rule_id in CI_RULES)


def steps(body: str) -> str:
    """A workflow with read-only permissions whose one job runs `body` as its steps."""
    return HEAD + "    steps:\n" + textwrap.indent(textwrap.dedent(body), "      ")


CASES = [
    # CI001: literal credentials
    pytest.param(GHA, steps('- run: ./x\n  env:\n    API_TOKEN: "Qz8#vLm2Wr5Tn9Kx"\n'),
                 [("CI001", 10)], id="ci001-step-env-literal"),
    pytest.param(GHA, steps("- run: ./x\n  env:\n    API_TOKEN: ${{ secrets.API_TOKEN }}\n"),
                 [], id="ci001-secret-reference"),
    pytest.param(GHA, steps("- run: ./x\n  env:\n"
                            "    STRIPE_KEY: sk_test_51Qz8vLm2Wr5Tn9KxPd3Hy7Jc1Fb6Ng4Ms0Rt2Vw8Xe5Ua9Lq3Ko7\n"),
                 [], id="ci001-known-format-left-to-sec002"),
    pytest.param(GHA, steps("- run: ./x\n  env:\n    API_TOKEN: ${{ secrets.T || 'Qz8#vLm2Wr5Tn9Kx' }}\n"),
                 [("CI001", 10)], id="ci001-literal-fallback-in-expression"),
    pytest.param(GHA, steps("- run: ./x\n  env:\n    TOKEN_URL: https://auth.example.com/t\n"),
                 [], id="ci001-name-is-not-a-credential"),
    pytest.param(GHA, steps('- run: mysql -uroot -pQz8vLm2Wr5Tn9Kx -e "select 1"\n'),
                 [("CI001", 8)], id="ci001-mysql-attached-password"),
    pytest.param(GHA, steps("- run: docker run -p 8080:80 nginx && mkdir -p out\n"),
                 [], id="ci001-dash-p-is-a-port"),
    pytest.param(GHA, steps("- run: ./deploy --api-key=Qz8vLm2Wr5Tn9Kx\n"),
                 [("CI001", 8)], id="ci001-secret-flag"),
    pytest.param(GHA, steps("- run: docker login --password-stdin registry.example.com\n"),
                 [], id="ci001-password-stdin-takes-no-value"),
    pytest.param(GHA, steps("- run: export DEPLOY_TOKEN=Qz8vLm2Wr5Tn9Kx\n"),
                 [("CI001", 8)], id="ci001-export-literal"),
    pytest.param(GHA, steps('- run: export DEPLOY_TOKEN="$(./fetch-token)"\n'),
                 [], id="ci001-export-command-output"),
    pytest.param(GHA, steps("- run: git clone https://x-access-token:${{ github.token }}@github.com/o/r\n"),
                 [], id="ci001-url-with-token-expression"),
    pytest.param(GHA, HEAD + "    container:\n      image: registry.example.com/ci:1\n"
                 "      credentials:\n        username: ci\n        password: Qz8vLm2Wr5Tn9Kx\n"
                 "    steps:\n      - run: make\n",
                 [("CI001", 11)], id="ci001-container-registry-password"),
    pytest.param(GHA, HEAD + "    services:\n      db:\n        image: registry.example.com/db:1\n"
                 "        credentials:\n          username: ci\n          password: pw\n"
                 "        env:\n          POSTGRES_PASSWORD: postgres\n",
                 [("CI001", 12)], id="ci001-short-service-registry-password"),
    pytest.param(GHA, HEAD + "    container:\n      image: registry.example.com/ci:1\n"
                 "      credentials:\n        username: ci\n        password: ${{ secrets.P }}\n",
                 [], id="ci001-registry-password-from-a-secret"),
    pytest.param(".circleci/config.yml", "jobs:\n  b:\n    docker:\n      - image: cimg/base:2024.01\n"
                 "      - image: registry.example.com/db:1\n        auth:\n          username: ci\n"
                 "          password: dbpw\n        environment:\n          POSTGRES_PASSWORD: postgres\n",
                 [("CI001", 8)], id="ci001-circleci-secondary-image-auth"),
    pytest.param(".circleci/config.yml", "jobs:\n  b:\n    docker:\n      - image: cimg/base:2024.01\n"
                 "        auth:\n          username: ci\n          password: $DOCKERHUB_PASSWORD\n",
                 [], id="ci001-circleci-auth-from-a-variable"),
    pytest.param("bitbucket-pipelines.yml", "image:\n  name: registry.example.com/ci:1\n  username: ci\n"
                 "  password: pw12\npipelines:\n  default:\n    - step:\n        script: [make]\n",
                 [("CI001", 4)], id="ci001-bitbucket-image-password"),
    pytest.param(".gitlab-ci.yml", "build:\n  variables:\n    DOCKER_AUTH_CONFIG: '{\"auths\": {\"r.example.com\": "
                 "{\"username\": \"ci\", \"password\": \"pw1\"}}}'\n  script: [make]\n",
                 [("CI001", 3)], id="ci001-gitlab-docker-auth-config-password"),
    pytest.param(".gitlab-ci.yml", "variables:\n  DOCKER_AUTH_CONFIG: $REGISTRY_AUTH_JSON\nbuild:\n  script: [make]\n",
                 [], id="ci001-gitlab-docker-auth-config-from-a-variable"),
    pytest.param(".gitlab-ci.yml", "build:\n  variables:\n    DOCKER_AUTH_CONFIG: '{\"credHelpers\": "
                 "{\"123.dkr.ecr.eu-west-1.amazonaws.com\": \"ecr-login\"}}'\n  script: [make]\n",
                 [], id="ci001-gitlab-docker-auth-config-credential-helper"),
    pytest.param(".gitlab-ci.yml", "deploy:\n  script:\n    - >\n      curl --fail\n"
                 '      -u "ops:Qz8#vLm2Wr5Tn9Kx"\n      https://x.example.com\n',
                 [("CI001", 5)], id="ci001-folded-command-on-its-own-line"),
    pytest.param("azure-pipelines.yml", "variables:\n  - name: registryPassword\n"
                 '    value: "Qz8#vLm2Wr5Tn9Kx"\n  - group: prod\nsteps:\n  - script: make\n',
                 [("CI001", 3)], id="ci001-azure-name-value-list"),
    pytest.param(".travis.yml", "env:\n  global:\n    - API_TOKEN=Qz8vLm2Wr5Tn9Kx\n"
                 '    - secure: "abcdef"\nscript: make\n',
                 [("CI001", 3)], id="ci001-travis-env-string"),
    pytest.param(".drone.yml", "kind: pipeline\nsteps:\n  - name: push\n    settings:\n"
                 "      password:\n        from_secret: docker_password\n",
                 [], id="ci001-drone-from-secret"),
    pytest.param("Jenkinsfile", "pipeline {\n  environment {\n    TOKEN = credentials('t')\n"
                 "    API_KEY = 'Qz8#vLm2Wr5Tn9Kx'\n  }\n}\n",
                 [("CI001", 4)], id="ci001-jenkins-environment-literal"),
    pytest.param(".woodpecker.yml", "steps:\n  - name: deploy\n    image: alpine\n"
                 '    environment:\n      DEPLOY_TOKEN: "Qz8#vLm2Wr5Tn9Kx"\n    commands:\n      - ./deploy.sh\n',
                 [("CI001", 5)], id="ci001-woodpecker-environment-literal"),
    pytest.param(".woodpecker/release.yml", "steps:\n  - name: push\n    image: plugins/docker\n"
                 "    settings:\n      password:\n        from_secret: docker_password\n",
                 [], id="ci001-woodpecker-from-secret"),
    # Actions anywhere, told apart by their content
    pytest.param("action.yml", "name: a\ninputs:\n  api-key:\n    default: Qz8vLm2Wr5Tn9Kx\n"
                 "runs:\n  using: composite\n  steps:\n    - shell: bash\n"
                 '      run: echo "${{ inputs.api-key }}"\n',
                 [("CI001", 4), ("CI002", 9)], id="composite-action-at-the-repository-root"),
    pytest.param("deploy/action.yaml", "name: a\nruns:\n  using: composite\n  steps:\n"
                 "    - run: ./x\n      shell: bash\n      env:\n        API_TOKEN: Qz8#vLm2Wr5Tn9Kx\n",
                 [("CI001", 8)], id="composite-action-in-any-folder"),
    pytest.param("action.yml", "name: a\ninputs:\n  api-key:\n    required: true\n  version:\n"
                 "    default: 1.4.2\nruns:\n  using: composite\n  steps:\n    - shell: bash\n"
                 "      run: ./install.sh\n      env:\n        API_KEY: ${{ inputs.api-key }}\n",
                 [], id="composite-action-hands-its-secret-input-to-env"),
    pytest.param("action.yml", "name: a\ninputs:\n  token:\n    default: ${{ github.token }}\n"
                 "runs:\n  using: node20\n  main: dist/index.js\n",
                 [], id="node-action-defaults-to-the-job-token"),
    pytest.param("action.yml", "name: a\ninputs:\n  token:\n    default: Qz8vLm2Wr5Tn9Kx\n"
                 "runs:\n  using: docker\n  image: Dockerfile\n",
                 [("CI001", 4)], id="docker-action-literal-input-default"),
    pytest.param(".github/workflows/action.yml", "on: push\npermissions: {}\njobs:\n  a:\n"
                 "    runs-on: x\n    steps:\n      - run: ./x\n        env:\n"
                 "          API_TOKEN: Qz8#vLm2Wr5Tn9Kx\n",
                 [("CI001", 9)], id="a-workflow-named-action-is-a-workflow"),
    pytest.param("config/action.yml", "name: nightly\nsteps:\n  - run: echo $API_TOKEN\n",
                 [], id="an-action-yml-that-is-no-action-has-no-steps"),
    # CI002: secrets reaching the log
    pytest.param(GHA, steps('- run: echo "$T"\n  env:\n    T: ${{ secrets.T }}\n'),
                 [("CI002", 8)], id="ci002-echo-env-fed-by-secret"),
    pytest.param(GHA, steps('- run: echo "$T" | gh auth login --with-token\n  env:\n    T: ${{ secrets.T }}\n'),
                 [], id="ci002-piped-into-a-consumer"),
    pytest.param(GHA, steps('- run: echo "$T" | base64 | tee t.b64\n  env:\n    T: ${{ secrets.T }}\n'),
                 [("CI002", 8)], id="ci002-encoded-and-teed"),
    pytest.param(GHA, steps('- run: base64 <<< "$T"\n  env:\n    T: ${{ secrets.T }}\n'),
                 [("CI002", 8)], id="ci002-here-string"),
    pytest.param(GHA, steps('- run: echo "$T" >&2\n  env:\n    T: ${{ secrets.T }}\n'),
                 [("CI002", 8)], id="ci002-stderr-is-the-log-too"),
    pytest.param(GHA, steps('- run: echo "v=${{ secrets.T }}" >> "$GITHUB_OUTPUT"\n'),
                 [("CI002", 8)], id="ci002-step-output"),
    pytest.param(GHA, steps("- run: ./deploy\n  env:\n    P: ${{ fromJSON(secrets.CREDS).password }}\n"),
                 [("CI002", 10)], id="ci002-field-of-a-json-secret-in-env"),
    pytest.param(GHA, steps("- uses: o/deploy@v1\n  with:\n    key: ${{ fromJson(secrets.C)['api-key'] }}\n"),
                 [("CI002", 10)], id="ci002-indexed-field-of-a-json-secret-in-an-input"),
    pytest.param(GHA, steps("- run: ./deploy --password ${{ fromJSON(secrets.C).pw }}\n"),
                 [("CI002", 8)], id="ci002-field-expanded-into-the-logged-script"),
    pytest.param(GHA, steps('- run: echo "${{ fromJSON(secrets.C).pw }}"\n'),
                 [("CI002", 8)], id="ci002-printed-field-reported-once"),
    pytest.param(GHA, steps("- run: ./deploy\n  env:\n    C: ${{ secrets.CREDS }}\n"
                            "    M: ${{ fromJSON(vars.MATRIX).os }}\n    N: ${{ fromJSON(needs.a.outputs.x).y }}\n"),
                 [], id="ci002-whole-secret-and-fields-of-non-secrets"),
    pytest.param(GHA, steps('- run: echo "${T:1}" | rev\n  env:\n    T: ${{ secrets.T }}\n'),
                 [("CI002", 8)], id="ci002-substring-reversed"),
    pytest.param(GHA, steps('- run: echo "::add-mask::${T:1}"\n  env:\n    T: ${{ secrets.T }}\n'),
                 [], id="ci002-add-mask-of-a-derived-value"),
    pytest.param(GHA, steps("- run: cat ~/.docker/config.json\n"),
                 [("CI002", 8)], id="ci002-cat-credential-file"),
    pytest.param(GHA, steps("- run: cat config/app.json\n"),
                 [], id="ci002-cat-ordinary-file"),
    pytest.param(GHA, steps("- run: printenv\n"),
                 [], id="ci002-github-dump-without-secrets"),
    pytest.param(GHA, steps("- run: |\n    set -x\n    curl -H \"X: $T\" https://e.example.com\n"
                            "  env:\n    T: ${{ secrets.T }}\n"),
                 [("CI002", 9)], id="ci002-xtrace-before-secret-use"),
    pytest.param(GHA, steps("- run: |\n    set -x\n    set +x\n    curl -H \"X: $T\" https://e.example.com\n"
                            "  env:\n    T: ${{ secrets.T }}\n"),
                 [], id="ci002-xtrace-switched-off"),
    pytest.param(GHA, steps("- run: |\n    cat <<EOF\n    token $T\n    EOF\n"
                            "  env:\n    T: ${{ secrets.T }}\n"),
                 [], id="ci002-heredoc-body-not-read"),
    pytest.param(".gitlab-ci.yml", "job:\n  script:\n    - export\n    - env FOO=1 ./run.sh\n",
                 [("CI002", 3)], id="ci002-export-dump-not-env-prefix"),
    pytest.param(".gitlab-ci.yml", "variables:\n  POSTGRES_PASSWORD: postgres\njob:\n"
                 "  script:\n    - echo $POSTGRES_PASSWORD\n",
                 [], id="ci002-throwaway-literal-is-no-secret"),
    pytest.param("azure-pipelines.yml", 'steps:\n  - script: echo "$(registryPassword)"\n'
                 '  - bash: echo "##vso[task.setvariable variable=t;issecret=true]$(apiToken)"\n',
                 [("CI002", 2)], id="ci002-azure-macro-and-issecret"),
    pytest.param("Jenkinsfile", "withCredentials([string(credentialsId: 'x', variable: 'SVC')]) {\n"
                 "  sh '''\n    ./deploy\n    echo $SVC\n  '''\n}\n",
                 [("CI002", 4)], id="ci002-jenkins-triple-quoted-sh"),
    pytest.param(".woodpecker/release.yml", "steps:\n  - name: publish\n    image: node\n"
                 "    environment:\n      NPM_TOKEN:\n        from_secret: npm_token\n"
                 '    commands:\n      - echo "publishing with $${NPM_TOKEN}"\n',
                 [("CI002", 8)], id="ci002-woodpecker-escaped-secret-echoed"),
    # CI003: token permissions
    pytest.param(GHA, "on: issue_comment\njobs:\n  a:\n    runs-on: x\n    permissions:\n      contents: read\n"
                 "  b:\n    runs-on: x\n  c:\n    runs-on: x\n",
                 [("CI003", 7)], id="ci003-one-finding-per-workflow-at-the-first-bare-job"),
    pytest.param(GHA, "on: [push, pull_request]\njobs:\n  a:\n    runs-on: x\n  b:\n    runs-on: x\n",
                 [], id="ci003-trusted-triggers-and-no-write"),
    pytest.param(GHA, "on: pull_request\njobs:\n  a:\n    runs-on: x\n",
                 [], id="ci003-fork-pull-request-token-is-read-only"),
    pytest.param(GHA, "on: push\npermissions: read-all\njobs:\n  a:\n    runs-on: x\n",
                 [], id="ci003-read-all-is-not-write"),
    pytest.param(GHA, "on:\n  workflow_call:\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: git push\n",
                 [], id="ci003-called-workflow-uses-callers-token"),
    pytest.param(GHA, "on: [pull_request_target, workflow_call]\njobs:\n  a:\n    runs-on: x\n",
                 [("CI003", 3)], id="ci003-also-triggered-directly"),
    pytest.param(GHA, "on: push\njobs:\n  a:\n    runs-on: x\n  b:\n    runs-on: x\n    steps:\n"
                 "      - run: gh pr comment 1 --body done\n        env:\n          GH_TOKEN: ${{ github.token }}\n",
                 [("CI003", 5)], id="ci003-gh-write-with-the-job-token"),
    pytest.param(GHA, "on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: gh pr view 1\n",
                 [], id="ci003-gh-read-is-no-write"),
    pytest.param(GHA, "on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - uses: actions/checkout@v4\n"
                 "        with:\n          token: ${{ secrets.BOT_PAT }}\n      - run: git push\n",
                 [], id="ci003-push-with-a-checkout-token-of-its-own"),
    pytest.param(GHA, "on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n"
                 "      - uses: peter-evans/create-pull-request@v7\n",
                 [("CI003", 3)], id="ci003-writing-action-with-the-default-token"),
    pytest.param(GHA, "on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n"
                 "      - uses: softprops/action-gh-release@v2\n        with:\n          token: ${{ secrets.PAT }}\n",
                 [], id="ci003-writing-action-given-its-own-token"),
    # CI004: privileged triggers running pull request code
    pytest.param(GHA, "on: pull_request_target\npermissions: {}\njobs:\n  a:\n    runs-on: x\n"
                 "    steps:\n      - uses: actions/checkout@v4\n        with:\n"
                 "          ref: ${{ github.head_ref }}\n",
                 [("CI004", 9)], id="ci004-head-ref"),
    pytest.param(GHA, "on: pull_request\npermissions: {}\njobs:\n  a:\n    runs-on: x\n"
                 "    steps:\n      - uses: actions/checkout@v4\n        with:\n"
                 "          ref: ${{ github.head_ref }}\n",
                 [], id="ci004-unprivileged-trigger"),
    pytest.param(GHA, "on: pull_request_target\npermissions: {}\njobs:\n  a:\n    runs-on: x\n"
                 "    steps:\n      - uses: actions/checkout@v4\n        with:\n"
                 "          ref: ${{ github.event.pull_request.base.sha }}\n",
                 [], id="ci004-base-sha"),
    # CI005: static cloud keys
    pytest.param(GHA, steps("- run: ./x\n  env:\n    AWS_SECRET_ACCESS_KEY: ${{ secrets.K }}\n"),
                 [("CI005", 10)], id="ci005-secret-key-alone"),
    pytest.param(GHA, steps("- run: terraform apply\n  env:\n    ARM_CLIENT_SECRET: ${{ secrets.ARM }}\n"),
                 [("CI005", 10)], id="ci005-azure-client-secret-env"),
    pytest.param(".gitlab-ci.yml", "deploy:\n  script:\n"
                 '    - az login --service-principal -u "$ID" -p "$SECRET" --tenant "$T"\n'
                 '    - az login --service-principal -u "$ID" --federated-token "$JWT" --tenant "$T"\n',
                 [("CI005", 3)], id="ci005-az-login-secret-not-federated"),
    pytest.param("bitbucket-pipelines.yml", "pipelines:\n  default:\n    - step:\n        script:\n"
                 "          - pipe: atlassian/aws-s3-deploy:1.1.0\n            variables:\n"
                 "              AWS_ACCESS_KEY_ID: $AWS_ACCESS_KEY_ID\n"
                 "              AWS_SECRET_ACCESS_KEY: $AWS_SECRET_ACCESS_KEY\n",
                 [("CI005", 7)], id="ci005-bitbucket-pipe-one-per-pair"),
    # CI005: publishing with a stored token where trusted publishing exists
    pytest.param(GHA, steps("- uses: pypa/gh-action-pypi-publish@release/v1\n  with:\n"
                            "    password: ${{ secrets.PYPI_API_TOKEN }}\n"),
                 [("CI005", 10)], id="ci005-pypi-publish-action-password"),
    pytest.param(GHA, "on: release\npermissions:\n  contents: read\n  id-token: write\njobs:\n  a:\n"
                 "    runs-on: x\n    steps:\n      - uses: pypa/gh-action-pypi-publish@release/v1\n",
                 [], id="ci005-pypi-trusted-publishing"),
    pytest.param(GHA, steps("- uses: pypa/gh-action-pypi-publish@release/v1\n  with:\n"
                            "    repository-url: https://pkgs.example.com/upload/\n    password: ${{ secrets.P }}\n"),
                 [], id="ci005-pypi-action-to-a-private-index"),
    pytest.param(GHA, steps('- run: twine upload -u __token__ -p "$T" dist/*\n  env:\n    T: ${{ secrets.T }}\n'),
                 [("CI005", 8)], id="ci005-twine-password-flag"),
    pytest.param(GHA, steps("- run: twine upload dist/*\n  env:\n    TWINE_USERNAME: __token__\n"
                            "    TWINE_PASSWORD: ${{ secrets.PYPI_TOKEN }}\n"),
                 [("CI005", 11)], id="ci005-twine-password-variable"),
    pytest.param(GHA, steps("- run: twine upload --repository-url https://nexus.example.com/pypi/ dist/*\n"
                            "  env:\n    TWINE_PASSWORD: ${{ secrets.NEXUS_TOKEN }}\n"),
                 [], id="ci005-twine-to-a-private-index"),
    pytest.param(GHA, steps("- run: npm publish --provenance\n  env:\n    NODE_AUTH_TOKEN: ${{ secrets.NPM_TOKEN }}\n"),
                 [("CI005", 10)], id="ci005-npm-publish-token"),
    pytest.param(GHA, steps("- run: yarn workspace @shop/ui npm publish --access public\n  env:\n"
                            "    NODE_AUTH_TOKEN: ${{ secrets.NPM_TOKEN }}\n"),
                 [("CI005", 10)], id="ci005-yarn-workspace-npm-publish-token"),
    pytest.param(GHA, steps("- run: yarn workspaces foreach -A --no-private npm publish\n  env:\n"
                            "    NODE_AUTH_TOKEN: ${{ secrets.NPM_TOKEN }}\n"),
                 [("CI005", 10)], id="ci005-yarn-workspaces-foreach-publish-token"),
    pytest.param(GHA, steps("- run: pnpm --filter @shop/ui publish --no-git-checks\n  env:\n"
                            "    NODE_AUTH_TOKEN: ${{ secrets.NPM_TOKEN }}\n"),
                 [("CI005", 10)], id="ci005-pnpm-filter-publish-token"),
    pytest.param(GHA, steps("- run: yarn workspace @shop/ui build\n  env:\n"
                            "    NODE_AUTH_TOKEN: ${{ secrets.NPM_READ_TOKEN }}\n"),
                 [], id="ci005-yarn-workspace-build-with-a-read-token"),
    pytest.param(GHA, steps("- run: npm ci\n  env:\n    NODE_AUTH_TOKEN: ${{ secrets.NPM_READ_TOKEN }}\n"),
                 [], id="ci005-npm-token-to-install"),
    pytest.param(GHA, steps("- uses: actions/setup-node@v4\n  with:\n    registry-url: https://npm.pkg.github.com\n"
                            "- run: npm publish\n  env:\n    NODE_AUTH_TOKEN: ${{ secrets.GITHUB_TOKEN }}\n"),
                 [], id="ci005-npm-publish-to-github-packages"),
    pytest.param(GHA, steps("- run: gem push *.gem\n  env:\n    GEM_HOST_API_KEY: ${{ secrets.RUBYGEMS_API_KEY }}\n"),
                 [("CI005", 10)], id="ci005-gem-push-api-key"),
    pytest.param(GHA, steps("- run: cargo publish --token ${{ secrets.CARGO_REGISTRY_TOKEN }}\n"),
                 [("CI005", 8)], id="ci005-cargo-publish-token-flag"),
    pytest.param(GHA, steps("- uses: rust-lang/crates-io-auth-action@v1\n  id: auth\n- run: cargo publish\n"
                            "  env:\n    CARGO_REGISTRY_TOKEN: ${{ steps.auth.outputs.token }}\n"),
                 [], id="ci005-cargo-token-from-trusted-publishing"),
    pytest.param(GHA, steps("- run: dotnet nuget push a.nupkg --api-key ${{ secrets.NUGET_API_KEY }}"
                            " --source https://api.nuget.org/v3/index.json\n"),
                 [("CI005", 8)], id="ci005-nuget-api-key"),
    pytest.param(GHA, steps("- run: dotnet nuget push a.nupkg --api-key ${{ secrets.GITHUB_TOKEN }}"
                            " --source https://nuget.pkg.github.com/o/index.json\n"),
                 [], id="ci005-nuget-to-github-packages"),
    pytest.param(".gitlab-ci.yml", "publish:\n  script:\n"
                 "    - TWINE_PASSWORD=$PYPI_TOKEN TWINE_USERNAME=__token__ twine upload dist/*\n",
                 [("CI005", 3)], id="ci005-gitlab-twine-password-prefix"),
    pytest.param(".gitlab-ci.yml", "publish:\n  id_tokens:\n    PYPI_ID_TOKEN:\n      aud: pypi\n"
                 "  script:\n    - uv publish --trusted-publishing always\n",
                 [], id="ci005-gitlab-pypi-trusted-publishing"),
    pytest.param(".circleci/config.yml", "jobs:\n  p:\n    steps:\n      - run: twine upload -p $PYPI_TOKEN dist/*\n",
                 [], id="ci005-no-trusted-publishing-on-circleci"),
    # CI005: GitLab jobs using stored cloud keys instead of id_tokens
    pytest.param(".gitlab-ci.yml", "deploy:\n  script:\n"
                 '    - aws configure set aws_secret_access_key "$AWS_SECRET_ACCESS_KEY"\n'
                 "    - aws s3 sync dist/ s3://orders-site/\n",
                 [("CI005", 3)], id="ci005-gitlab-aws-key-from-project-variables"),
    pytest.param(".gitlab-ci.yml", "deploy:\n  script:\n"
                 "    - gcloud auth login --cred-file=$GOOGLE_APPLICATION_CREDENTIALS\n",
                 [("CI005", 3)], id="ci005-gitlab-google-key-file"),
    pytest.param(".gitlab-ci.yml", ".oidc:\n  id_tokens:\n    GCP_ID_TOKEN:\n      aud: https://iam.googleapis.com/x\n"
                 "deploy:\n  extends: .oidc\n  script:\n"
                 "    - gcloud auth login --cred-file=$GOOGLE_APPLICATION_CREDENTIALS\n",
                 [], id="ci005-gitlab-google-federation-through-a-template"),
    pytest.param(".gitlab-ci.yml", "default:\n  id_tokens:\n    AWS_ID_TOKEN:\n      aud: sts\n"
                 "deploy:\n  script:\n    - aws sts get-caller-identity --query $AWS_SECRET_ACCESS_KEY\n",
                 [], id="ci005-gitlab-default-id-tokens"),
    pytest.param(".gitlab-ci.yml", 'deploy:\n  script:\n    - az login -u ops@example.com -p "$AZ_PASSWORD"\n',
                 [("CI005", 3)], id="ci005-az-login-with-a-password"),
    # CI006: secrets handed out too widely
    pytest.param(GHA, steps("- run: ./x ${{ secrets[format('{0}_KEY', matrix.env)] }}\n"),
                 [("CI006", 8)], id="ci006-dynamic-secrets-index"),
    pytest.param(GHA, steps("- uses: actions/checkout@v4\n- uses: docker/build-push-action@v6\n  with:\n"
                            "    context: .\n    push: true\n    tags: ghcr.io/o/r:latest\n"),
                 [("CI006", 8)], id="ci006-persisted-checkout-built-into-a-pushed-image"),
    pytest.param(GHA, steps("- uses: actions/checkout@v4\n- run: |\n    docker build -t ghcr.io/o/r:1 .\n"
                            "- run: docker push ghcr.io/o/r:1\n"),
                 [("CI006", 8)], id="ci006-workspace-built-then-pushed-later"),
    pytest.param(GHA, steps("- uses: actions/checkout@v4\n  with:\n    persist-credentials: false\n"
                            "- run: docker buildx build -t r:1 --push .\n"),
                 [], id="ci006-pushed-image-without-persisted-credentials"),
    pytest.param(GHA, steps("- uses: actions/checkout@v4\n- uses: docker/build-push-action@v6\n  with:\n"
                            "    push: true\n"),
                 [], id="ci006-build-push-action-git-context"),
    pytest.param(GHA, steps("- uses: actions/checkout@v4\n- run: docker build -t r:1 .\n"),
                 [], id="ci006-image-built-but-not-pushed"),
    pytest.param(GHA, steps("- uses: actions/checkout@v4\n- run: docker build -f docker/Dockerfile -t r:1 --push ./docker\n"),
                 [], id="ci006-image-context-is-a-subfolder"),
    pytest.param(GHA, "on: push\npermissions: {}\nenv:\n  T: ${{ secrets.T }}\njobs: {}\n",
                 [("CI006", 4)], id="ci006-workflow-env"),
    pytest.param(".gitlab-ci.yml", "variables:\n  AWS_SECRET_ACCESS_KEY: $AWS_SECRET_ACCESS_KEY\n"
                 "job:\n  script: [make]\n",
                 [("CI005", 2)], id="ci006-self-reference-adds-no-exposure"),
]  # fmt: skip


@pytest.mark.parametrize(("path", "code", "wanted"), CASES)
def test_pipeline_findings(
    rules: tuple[Rule, ...], path: str, code: str, wanted: list[tuple[str, int]]
) -> None:
    assert reported(rules, path, code) == wanted


def test_literal_credential_is_masked_and_spanned(rules: tuple[Rule, ...]) -> None:
    secret = "Qz8#vLm2Wr5Tn9Kx"
    code = steps(f'- run: ./x\n  env:\n    API_TOKEN: "{secret}"\n')
    (finding,) = scan_text(GHA, code, Config(), rules).findings
    assert finding.evidence == published_evidence(secret)
    assert finding.location.column == code.splitlines()[9].index(secret) + 1
    assert finding.location.end_column - finding.location.column == len(secret)
    assert secret not in finding.snippet + finding.message
    assert finding.message == "'API_TOKEN' in a pipeline file holds a literal credential"


def test_json_secret_field_names_the_field_and_its_span(rules: tuple[Rule, ...]) -> None:
    code = steps("- run: ./deploy\n  env:\n    P: ${{ fromJSON(secrets.CREDS).password }}\n")
    (finding,) = scan_text(GHA, code, Config(), rules).findings
    line = code.splitlines()[9]
    assert (finding.rule_id, finding.location.line) == ("CI002", 10)
    assert finding.location.column == line.index("${{") + 1
    assert finding.location.end_column == len(line) + 1
    assert finding.message == (
        "fromJSON(secrets.CREDS).password may reach the job log through "
        "a field of a JSON secret, which log masking does not hide"
    )


def test_publishing_finding_names_the_registry_and_the_token(rules: tuple[Rule, ...]) -> None:
    code = steps("- run: cargo publish\n  env:\n    CARGO_REGISTRY_TOKEN: ${{ secrets.CRATES }}\n")
    (finding,) = scan_text(GHA, code, Config(), rules).findings
    column = code.splitlines()[9].index("CARGO_REGISTRY_TOKEN") + 1
    assert (finding.rule_id, finding.location.line, finding.location.column) == (
        "CI005",
        10,
        column,
    )
    assert finding.message == (
        "crates.io sign-in uses a long-lived key (CARGO_REGISTRY_TOKEN) instead of OIDC"
    )


def test_pushed_image_points_at_the_build(rules: tuple[Rule, ...]) -> None:
    code = steps("- uses: actions/checkout@v4\n- uses: docker/build-push-action@v6\n  with:\n"
                 "    context: .\n    push: true\n")  # fmt: skip
    (finding,) = scan_text(GHA, code, Config(), rules).findings
    (related,) = finding.related
    assert (finding.rule_id, finding.location.line) == ("CI006", 8)
    assert (related.location.line, related.message) == (
        11,
        "workspace built into a pushed image here",
    )


def test_docker_auth_config_masks_the_auth_string(rules: tuple[Rule, ...]) -> None:
    auth = "Y2k6aHVudGVyMg=="  # base64 of `ci:hunter2`
    code = f'variables:\n  DOCKER_AUTH_CONFIG: \'{{"auths": {{"r.example.com": {{"auth": "{auth}"}}}}}}\'\n'
    code += "build:\n  script: [make]\n"
    (finding,) = scan_text(".gitlab-ci.yml", code, Config(), rules).findings
    assert (finding.rule_id, finding.location.line) == ("CI001", 2)
    assert finding.location.column == code.splitlines()[1].index(auth) + 1
    assert finding.location.end_column - finding.location.column == len(auth)
    assert finding.evidence == published_evidence(auth)
    assert auth not in finding.snippet


def test_short_registry_password_is_masked_whole(rules: tuple[Rule, ...]) -> None:
    code = HEAD + "    container:\n      image: r.example.com/ci:1\n      credentials:\n"
    code += "        username: ci\n        password: hunter2\n"
    (finding,) = scan_text(GHA, code, Config(), rules).findings
    assert (finding.rule_id, finding.location.line) == ("CI001", 11)
    assert finding.evidence == published_evidence("hunter2")
    assert finding.evidence.masked == "********"  # a short value is masked whole
    assert "hunter2" not in finding.snippet + finding.message


def test_command_line_secret_is_masked_in_the_snippet(rules: tuple[Rule, ...]) -> None:
    secret = "Pw4#zKq9Lm2Xv7Rt"
    code = f'job:\n  script:\n    - curl -u "ops:{secret}" https://x.example.com\n'
    (finding,) = scan_text(".gitlab-ci.yml", code, Config(), rules).findings
    assert (finding.rule_id, finding.evidence) == ("CI001", published_evidence(secret))
    assert secret not in finding.snippet


# A person's password where the credential goes: capitalised or numbered words under a name
# that ends in the credential, judged as SEC001 judges them (`names_credential`).
PERSONS_PASSWORDS = [
    pytest.param(GHA, "on: push\nenv:\n  DB_PASSWORD: Autumn2024\njobs:\n  a:\n    runs-on: x\n"
                 "    steps:\n      - run: ./test.sh\n", [("CI001", 3, "********")], id="workflow-env"),
    pytest.param(GHA, steps("- run: ./push.sh\n  env:\n    REGISTRY_PASSWORD: Hunter2024!\n"),
                 [("CI001", 10, "********")], id="step-env"),
    pytest.param(".gitlab-ci.yml", "variables:\n  DB_PASSWORD: Autumn2024\ntest:\n  script: [./test.sh]\n",
                 [("CI001", 2, "********")], id="gitlab-variables"),
    pytest.param(GHA, steps("- run: ./x\n  env:\n    PASSWORD_LABEL: Password\n"), [], id="label-name"),
    pytest.param(GHA, steps("- run: ./x\n  env:\n    DB_PASSWORD: changeme\n"), [], id="dummy-word"),
    pytest.param(GHA, steps("- run: ./x\n  env:\n    DB_PASSWORD: ${{ secrets.DB_PASSWORD }}\n"),
                 [], id="secret-reference"),
    pytest.param(GHA, steps("- run: ./x\n  env:\n    TOKEN_NAME: GithubToken\n"), [], id="name-of-a-token"),
]  # fmt: skip


@pytest.mark.parametrize(("path", "code", "expected"), PERSONS_PASSWORDS)
def test_a_persons_password_where_the_credential_goes_is_a_literal_credential(
    rules: tuple[Rule, ...], path: str, code: str, expected: list[tuple[str, int, str]]
) -> None:
    findings = scan_text(path, code, Config(), rules).findings
    assert [
        (f.rule_id, f.location.line, f.evidence.masked if f.evidence else "")
        for f in findings
        if f.rule_id in CI_RULES
    ] == expected


def test_min_length_parameter_raises_the_bar(rules: tuple[Rule, ...]) -> None:
    code = steps('- run: ./x\n  env:\n    API_TOKEN: "Qz8#vLm2Wr5Tn9Kx"\n')
    assert reported(rules, GHA, code, min_length=20) == []
    assert reported(rules, GHA, code, min_length=16) == [("CI001", 10)]


def test_invalid_yaml_is_a_parse_notification_with_its_line(rules: tuple[Rule, ...]) -> None:
    secret = "Qz8#vLm2Wr5Tn9Kx"
    code = f"on: push\njobs:\n  a:\n    env: {{TOKEN: {secret}\n    steps: [\n"
    outcome = scan_text(GHA, code, Config(), rules)
    (note,) = outcome.notifications
    assert (note.kind, note.line) == (NotificationKind.PARSE_ERROR, 5)
    assert secret not in repr(outcome)


def test_alias_bomb_is_read_once(rules: tuple[Rule, ...]) -> None:
    lines = ["on: pull_request_target", "a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}]" for i in range(1, 30)]
    lines += ["jobs:", "  b:", "    runs-on: x", "    steps: *a29"]
    assert reported(rules, GHA, "\n".join(lines) + "\n") == [("CI003", 33)]


def test_findings_are_not_duplicated_through_aliases(rules: tuple[Rule, ...]) -> None:
    code = steps(
        '- run: ./x\n  env: &e\n    API_TOKEN: "Qz8#vLm2Wr5Tn9Kx"\n- run: ./y\n  env: *e\n'
    )
    assert reported(rules, GHA, code) == [("CI001", 10)]


@pytest.mark.parametrize(
    ("data", "wanted"),
    [(b"on: push\njobs:\n  a: {}\n", True), (b"# nothing here\n", False), (b"", False)],
    ids=["workflow", "comment-only", "empty"],
)
def test_prefilter_skips_files_without_pipeline_words(data: bytes, wanted: bool) -> None:
    assert PipelineAnalyzer().might_report(data, FileKind.GITHUB_ACTIONS) is wanted
