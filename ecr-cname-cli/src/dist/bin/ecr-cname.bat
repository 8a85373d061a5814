@echo off
rem ecr-cname: runs the command line from this unpacked distribution (lib\ecr-cname.jar).
rem JAVA_HOME picks the Java (17 or newer), else java on the PATH; ECR_CNAME_JAVA_OPTS adds JVM options.
setlocal
set "ECR_CNAME_HOME=%~dp0.."
if defined JAVA_HOME (set "ECR_CNAME_JAVA=%JAVA_HOME%\bin\java.exe") else (set "ECR_CNAME_JAVA=java")
rem The launcher's JVM defaults (see bin/ecr-cname); ECR_CNAME_JAVA_OPTS, when set, replaces them.
if defined ECR_CNAME_JAVA_OPTS (set "ECR_CNAME_DEFAULTS=") else (set "ECR_CNAME_DEFAULTS=-XX:+UseSerialGC -Xms8m -Xmx256m")
"%ECR_CNAME_JAVA%" %ECR_CNAME_DEFAULTS% %ECR_CNAME_JAVA_OPTS% -jar "%ECR_CNAME_HOME%\lib\ecr-cname.jar" %*
exit /b %ERRORLEVEL%
