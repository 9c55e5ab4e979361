/// The resource types and actions Coder's RBAC knows (codersdk/rbacresources_gen.go). An Owner's
/// permissions are listed per known type, so `/authcheck` answers `false` for a type or action
/// outside this table, even for an Owner (coderd/authorize.go builds the object from the type as
/// sent; nothing grants an unknown one).
enum RBACResources {
    private static let crud: Set<String> = ["create", "delete", "read", "update"]
    private static let workspace: Set<String> = [
        "application_connect", "create", "create_agent", "delete", "delete_agent", "read", "share", "ssh", "start",
        "stop", "update",
        "update_agent",
    ]

    static let actions: [String: Set<String>] = [
        "ai_gateway_key": crud, "ai_model_price": ["read", "update"], "ai_provider": crud,
        "ai_seat": ["create", "read"],
        "aibridge_interception": ["create", "read", "update"], "api_key": crud,
        "assign_org_role": ["assign", "create", "delete", "read", "unassign", "update"],
        "assign_role": ["assign", "read", "unassign"],
        "audit_log": ["create", "read"], "boundary_log": ["create", "delete", "read"],
        "boundary_usage": ["delete", "read", "update"],
        "chat": crud.union(["share"]), "chat_automation": crud, "chat_model_config": crud.union(["share"]),
        "chat_project": crud,
        "connection_log": ["read", "update"], "crypto_key": crud, "debug_info": ["read"],
        "deployment_config": ["read", "update"],
        "deployment_stats": ["read"], "file": ["create", "read"], "group": crud, "group_member": ["read"],
        "idpsync_settings": ["read", "update"], "inbox_notification": ["create", "read", "update"],
        "license": ["create", "delete", "read"],
        "mcp_server_config": crud.union(["share"]), "notification_message": crud,
        "notification_preference": ["read", "update"],
        "notification_template": ["read", "update"], "oauth2_app": crud,
        "oauth2_app_code_token": ["create", "delete", "read"],
        "oauth2_app_secret": crud, "organization": crud, "organization_member": crud,
        "prebuilt_workspace": ["delete", "update"],
        "provisioner_daemon": crud, "provisioner_jobs": ["create", "read", "update"], "replicas": ["read"],
        "system": crud,
        "tailnet_coordinator": crud, "template": crud.union(["use", "view_insights"]),
        "usage_event": ["create", "read", "update"],
        "user": crud.union(["read_personal", "update_personal"]), "user_secret": crud, "user_skill": crud,
        "webpush_subscription": ["create", "delete", "read"], "workspace": workspace,
        "workspace_agent_devcontainers": ["create"], "workspace_agent_resource_monitor": ["create", "read", "update"],
        "workspace_build_orchestration": crud, "workspace_dormant": workspace, "workspace_proxy": crud,
    ]

    /// Whether Coder's RBAC has `action` on `type`.
    static func isKnown(_ type: String, action: String) -> Bool {
        actions[type]?.contains(action) == true
    }
}
