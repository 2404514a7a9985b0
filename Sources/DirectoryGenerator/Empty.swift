enum _PlaceholderDirectoryGenerator {}
