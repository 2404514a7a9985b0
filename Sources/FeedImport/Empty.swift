enum _PlaceholderFeedImport {}
