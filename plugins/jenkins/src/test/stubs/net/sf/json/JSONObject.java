package net.sf.json;

/** Compile-only stub of the Jenkins API (see plugins/jenkins/README.md). */
public final class JSONObject extends java.util.HashMap<String, Object> { private static final long serialVersionUID = 1L; public JSONObject optJSONObject(String key) { return null; } }
