"""CI/CD pipeline definitions: what each CI system is, how its files are read, what is judged.

    platform_descriptor.py  `Platform`: one CI system as data (files, keys, secret syntax)
    platforms/              one descriptor module per CI system, registered in `PLATFORMS`
    pipeline_analyzer.py    the analyzer: picks the file's platform, runs its reader
    readers/                one walk per document shape (GitHub workflow, GitLab, any
                            YAML pipeline, Jenkinsfile), calling the audits per element
    audits/                 one module per rule, CI001 ... CI006, each owning its judgement
    workflow_views.py       GitHub workflows as typed views (workflow, job, step, action)
    secret_values.py        secret references, which variables hold secrets, thresholds
    shell_words.py          script lines and the commands and words of each
    script_facts.py         what a script does with secrets, read once into facts
    publishing.py           package registries with trusted publishing: commands, flags, variables

Discovery (`scanner/discovery.py`) asks `platforms.platform_for` which files
are pipelines; the analyzer asks the same table which reader walks them. A
new CI system is one descriptor module in `platforms/` (and its row there).
"""
