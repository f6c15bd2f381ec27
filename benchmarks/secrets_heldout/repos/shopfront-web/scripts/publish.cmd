@echo off
rem Windows release box: npm reads the token from the .npmrc written here
echo //registry.npmjs.org/:_authToken=%NPM_TOKEN%> "%USERPROFILE%\.npmrc"
call yarn workspace @shopfront/ui npm publish --access public
