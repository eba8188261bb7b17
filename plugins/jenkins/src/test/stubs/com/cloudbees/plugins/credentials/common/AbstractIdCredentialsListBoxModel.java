package com.cloudbees.plugins.credentials.common;

/** Compile-only stub of the Jenkins API (see plugins/jenkins/README.md). */
public abstract class AbstractIdCredentialsListBoxModel<T extends AbstractIdCredentialsListBoxModel<T, C>, C extends IdCredentials> extends hudson.util.ListBoxModel {
    private static final long serialVersionUID = 1L;
    @SuppressWarnings("unchecked") public T includeEmptyValue() { return (T) this; }
    @SuppressWarnings("unchecked") public T includeAs(org.springframework.security.core.Authentication a, hudson.model.Item context, Class<? extends C> type) { return (T) this; }
    @SuppressWarnings("unchecked") public T includeAs(org.springframework.security.core.Authentication a, hudson.model.ItemGroup<?> context, Class<? extends C> type) { return (T) this; }
    @SuppressWarnings("unchecked") public T includeCurrentValue(String value) { return (T) this; }
    @SuppressWarnings("unchecked") public T includeMatchingAs(org.springframework.security.core.Authentication a, hudson.model.Item context, Class<? extends C> type,
            java.util.List<com.cloudbees.plugins.credentials.domains.DomainRequirement> reqs, com.cloudbees.plugins.credentials.CredentialsMatcher matcher) { return (T) this; }
    @SuppressWarnings("unchecked") public T includeMatchingAs(org.springframework.security.core.Authentication a, hudson.model.ItemGroup<?> context, Class<? extends C> type,
            java.util.List<com.cloudbees.plugins.credentials.domains.DomainRequirement> reqs, com.cloudbees.plugins.credentials.CredentialsMatcher matcher) { return (T) this; }
}
