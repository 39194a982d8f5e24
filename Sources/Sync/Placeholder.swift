public enum SyncPlaceholder {}
